package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationMetrics;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;

/**
 * Helper (API 1.15 and later, see {@code OpenTelemetryApiInstrumentation.Meters}): what
 * {@code GlobalOpenTelemetry.getMeterProvider()} answers under the agent: the agent's meter provider, through
 * {@link ApplicationMetrics}, under each scope name the application asks for.
 */
public final class ApplicationMeterProvider implements MeterProvider {
  static final ApplicationMeterProvider INSTANCE = new ApplicationMeterProvider();

  /** Typed {@code Object} for {@code ApplicationOpenTelemetry}, which is defined where this class is not. */
  public static Object create() {
    return INSTANCE;
  }

  @Override
  public MeterBuilder meterBuilder(String instrumentationScopeName) {
    return new Builder(instrumentationScopeName);
  }

  static final class Builder implements MeterBuilder {
    private final String name;
    private String version;
    private String schemaUrl;

    Builder(String name) {
      this.name = name;
    }

    @Override
    public MeterBuilder setSchemaUrl(String schemaUrl) {
      this.schemaUrl = schemaUrl;
      return this;
    }

    @Override
    public MeterBuilder setInstrumentationVersion(String version) {
      this.version = version;
      return this;
    }

    @Override
    public Meter build() {
      try {
        return new ApplicationMeter(ApplicationMetrics.sink().meter(name, version, schemaUrl));
      } catch (Throwable t) {
        return MeterProvider.noop().get(name == null ? "" : name);
      }
    }
  }
}
