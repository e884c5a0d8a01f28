package dev.tracer.api;

import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.trace.Span;

/**
 * Told about every span the agent starts and ends, with the event that caused it. Found with
 * {@link java.util.ServiceLoader}. {@link #eventType()} narrows it to one category (e.g.
 * {@code DatabaseEvent.class} for every database query). A listener that throws is reported once and
 * never breaks the span.
 */
public interface SpanListener {
  default Class<? extends SpanEvent> eventType() {
    return SpanEvent.class;
  }

  default void onStart(SpanEvent event, Span span) {}

  default void onEnd(SpanEvent event, Span span) {}
}
