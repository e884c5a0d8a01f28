package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationTracing;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.api.trace.TracerProvider;

/**
 * Helper: the agent's tracer under each scope name the application asks for.
 *
 * <p>Methods the API gained after 1.0 are declared here too, typed as the newer API types: an API without the type
 * never calls them, and the checked cast of an {@code Object} keeps the verifier from loading the type. Their
 * implementations are helpers of modules that apply only where the API has the type (see
 * {@code OpenTelemetryApiInstrumentation.TracerBuilders}); a meter provider would be added the same way.
 */
public final class ApplicationTracerProvider implements TracerProvider {
  public static final ApplicationTracerProvider INSTANCE = new ApplicationTracerProvider();

  @Override
  public Tracer get(String instrumentationScopeName) {
    return get(instrumentationScopeName, null);
  }

  @Override
  public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
    return tracer(instrumentationScopeName, instrumentationScopeVersion, null);
  }

  /** API 1.4 and later. */
  public TracerBuilder tracerBuilder(String instrumentationScopeName) {
    try {
      return (TracerBuilder) ApplicationTracerBuilder.create(instrumentationScopeName);
    } catch (Throwable t) {
      return TracerProvider.noop().tracerBuilder(instrumentationScopeName);
    }
  }

  static Tracer tracer(String name, String version, String schemaUrl) {
    try {
      return new ApplicationTracer(ApplicationTracing.sink().tracer(name, version, schemaUrl));
    } catch (Throwable t) {
      return TracerProvider.noop().get(name == null ? "" : name);
    }
  }
}
