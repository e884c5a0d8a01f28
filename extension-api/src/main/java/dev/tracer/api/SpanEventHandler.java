package dev.tracer.api;

import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

/**
 * Turns one category of events into spans: names them, sets their attributes. One handler per category is
 * shared by every library of that category. The agent does the rest (parenting, suppression of nested
 * calls of the same category, errors, listeners, ending).
 */
public interface SpanEventHandler<E extends SpanEvent> {
  Class<E> eventType();

  SpanKind kind(E event);

  String spanName(E event);

  /** Attributes known at start (visible to samplers). */
  void onStart(E event, SpanBuilder span);

  /**
   * Called once the span is started and current ({@code context} holds it): a handler that propagates puts the
   * headers to inject on the event here, for the advice to write.
   */
  default void onStarted(E event, Span span, Context context) {}

  /**
   * True when the call's own transport is part of it (an SDK's HTTP request under its API call): while its span
   * is current, other CLIENT spans are not made, so the call is one span rather than two.
   */
  default boolean coversTransport(E event) {
    return false;
  }

  /** Attributes known at the end (status codes, offsets...). Error status is set by the agent. */
  default void onEnd(E event, Span span) {}

  /** The parent of the span; a server handler returns the context extracted from the incoming request. */
  default Context parent(E event, Context current) {
    return current;
  }
}
