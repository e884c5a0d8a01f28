package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * Helper: what {@code GlobalOpenTelemetry.get()} returns under the agent. Traces and propagators are the
 * agent's; parts of the API newer than 1.0 (tracer builders; meters) are declared here and in the tracer provider,
 * with helpers in modules of their own that apply only where the API has them.
 */
public final class ApplicationOpenTelemetry implements OpenTelemetry {
  public static final ApplicationOpenTelemetry INSTANCE = new ApplicationOpenTelemetry();

  @Override
  public TracerProvider getTracerProvider() {
    return ApplicationTracerProvider.INSTANCE;
  }

  @Override
  public ContextPropagators getPropagators() {
    return ApplicationPropagators.INSTANCE;
  }

  /**
   * API 1.10 and later: the agent's meters where the API has them in their present form (1.15, the helper of
   * {@code OpenTelemetryApiInstrumentation.Meters}), else the API's no-op. The checked cast of an {@code Object}
   * keeps the verifier from loading {@code MeterProvider}, which an API before 1.10 lacks.
   */
  public MeterProvider getMeterProvider() {
    try {
      return (MeterProvider) ApplicationMeterProvider.create();
    } catch (Throwable t) {
      return MeterProvider.noop();
    }
  }

  @Override
  public String toString() {
    return "tracer (the agent's OpenTelemetry)";
  }
}
