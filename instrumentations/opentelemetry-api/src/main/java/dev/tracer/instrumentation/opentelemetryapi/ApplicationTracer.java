package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.Tracer;

/** Helper: one of the agent's tracers, as the application's {@code Tracer}. */
public final class ApplicationTracer implements Tracer {
  private final Object agentTracer;

  ApplicationTracer(Object agentTracer) {
    this.agentTracer = agentTracer;
  }

  @Override
  public SpanBuilder spanBuilder(String spanName) {
    return new ApplicationSpanBuilder(agentTracer, spanName);
  }
}
