package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * Helper: what {@code GlobalOpenTelemetry.get()} returns under the agent. Traces and propagators are the
 * agent's; parts of the API newer than 1.0 (tracer builders; meters) are answered by advice on their default
 * methods where {@code this} is one of ours, in modules of their own that apply only where the API has them.
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

  @Override
  public String toString() {
    return "tracer (the agent's OpenTelemetry)";
  }
}
