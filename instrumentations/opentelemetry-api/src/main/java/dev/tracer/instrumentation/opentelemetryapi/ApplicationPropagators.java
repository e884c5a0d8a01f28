package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;

/** Helper: the agent's propagators ({@code TRACER_PROPAGATORS}) as the application's. */
public final class ApplicationPropagators implements ContextPropagators {
  public static final ApplicationPropagators INSTANCE = new ApplicationPropagators();

  @Override
  public TextMapPropagator getTextMapPropagator() {
    return ApplicationTextMapPropagator.INSTANCE;
  }
}
