package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationTracing;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * Helper: an application {@code Context} that is an agent context. Its span and baggage are the agent's (as the
 * application's types); values under the application's other keys ride along in the agent context, so they
 * cross threads and agent spans with it.
 */
public final class BridgedContext implements Context {
  final Object agent;

  BridgedContext(Object agent) {
    this.agent = agent;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> V get(ContextKey<V> key) {
    try {
      if (key == Bridge.SPAN_KEY) {
        return (V) Bridge.span(agent);
      }
      if (key == Bridge.BAGGAGE_KEY) {
        return (V) Bridge.baggage(agent);
      }
      Object values = ApplicationTracing.sink().applicationValues(agent);
      return values instanceof Context ? ((Context) values).get(key) : null;
    } catch (Throwable t) {
      return null;
    }
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    try {
      ApplicationTracing.Sink sink = ApplicationTracing.sink();
      if (key == Bridge.SPAN_KEY) {
        return new BridgedContext(Bridge.withSpan(agent, (Span) value));
      }
      if (key == Bridge.BAGGAGE_KEY) {
        Baggage baggage = (Baggage) value;
        return new BridgedContext(sink.withBaggage(agent, baggage == null ? null : Bridge.entries(baggage)));
      }
      Object values = sink.applicationValues(agent);
      Context base = values instanceof Context ? (Context) values : Context.root();
      return new BridgedContext(sink.withApplicationValues(agent, base.with(key, value)));
    } catch (Throwable t) {
      return this;
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BridgedContext && ((BridgedContext) other).agent == agent;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(agent);
  }

  @Override
  public String toString() {
    return "tracer context " + agent;
  }
}
