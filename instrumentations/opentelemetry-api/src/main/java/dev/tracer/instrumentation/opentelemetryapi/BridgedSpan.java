package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import java.util.concurrent.TimeUnit;

/**
 * Helper: an agent span as the application's {@code Span}: what the application sets on it lands on the span
 * the agent exports. Spans the application starts and the agent's current span (request, message) alike.
 */
public final class BridgedSpan implements Span {
  final Object agentSpan;
  private volatile SpanContext context;

  BridgedSpan(Object agentSpan) {
    this.agentSpan = agentSpan;
  }

  @Override
  public <T> Span setAttribute(AttributeKey<T> key, T value) {
    if (key != null && value != null) {
      try {
        ApplicationTracing.sink().setAttributes(agentSpan, Bridge.attribute(key, value));
      } catch (Throwable ignored) {
        // the application comes first
      }
    }
    return this;
  }

  @Override
  public Span addEvent(String name, Attributes attributes) {
    return event(name, attributes, 0);
  }

  @Override
  public Span addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    return event(name, attributes, unit == null ? 0 : unit.toNanos(timestamp));
  }

  private Span event(String name, Attributes attributes, long epochNanos) {
    if (name != null) {
      try {
        ApplicationTracing.sink().addEvent(agentSpan, name, Bridge.attributes(attributes), epochNanos);
      } catch (Throwable ignored) {
        // the application comes first
      }
    }
    return this;
  }

  @Override
  public Span setStatus(StatusCode statusCode, String description) {
    if (statusCode != null) {
      try {
        ApplicationTracing.sink().setStatus(agentSpan, statusCode.name(), description);
      } catch (Throwable ignored) {
        // the application comes first
      }
    }
    return this;
  }

  @Override
  public Span recordException(Throwable exception, Attributes additional) {
    if (exception != null) {
      try {
        ApplicationTracing.sink().recordException(agentSpan, exception, Bridge.attributes(additional));
      } catch (Throwable ignored) {
        // the application comes first
      }
    }
    return this;
  }

  @Override
  public Span updateName(String name) {
    if (name != null) {
      try {
        ApplicationTracing.sink().updateName(agentSpan, name);
      } catch (Throwable ignored) {
        // the application comes first
      }
    }
    return this;
  }

  @Override
  public void end() {
    end(0);
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    end(unit == null ? 0 : unit.toNanos(timestamp));
  }

  private void end(long epochNanos) {
    try {
      ApplicationTracing.sink().end(agentSpan, epochNanos);
    } catch (Throwable ignored) {
      // the application comes first
    }
  }

  @Override
  public SpanContext getSpanContext() {
    SpanContext known = context;
    if (known == null) {
      try {
        known = Bridge.spanContext(ApplicationTracing.sink().ids(agentSpan));
      } catch (Throwable t) {
        known = SpanContext.getInvalid();
      }
      context = known;
    }
    return known;
  }

  @Override
  public boolean isRecording() {
    try {
      return ApplicationTracing.sink().isRecording(agentSpan);
    } catch (Throwable t) {
      return false;
    }
  }

  /** The same agent span, however reached ({@code Span.current()} or the span the application started). */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof BridgedSpan)) {
      return false;
    }
    BridgedSpan span = (BridgedSpan) other;
    return span.agentSpan == agentSpan || span.getSpanContext().equals(getSpanContext());
  }

  @Override
  public int hashCode() {
    return getSpanContext().hashCode();
  }

  @Override
  public String toString() {
    return "tracer span " + agentSpan;
  }
}
