package dev.tracer.api;

import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

/**
 * Turns one category of events into spans: names them, sets their attributes. One handler per event type is
 * shared by every library of that category. The agent does the rest (parenting, suppression of nested calls
 * of the same category, errors, listeners, ending).
 *
 * <p>Found with {@link java.util.ServiceLoader}: a handler in an extension <em>replaces</em> the built-in
 * handler of its {@link #eventType()}. To keep the built-in behaviour and add to it, provide a
 * {@link HandlerWrapper} instead.
 */
public interface SpanEventHandler<E extends SpanEvent> {
  /** The event type handled, e.g. {@code DatabaseEvent.class}; subtypes without a handler of their own come here too. */
  Class<E> eventType();

  /** The span kind, e.g. CLIENT for a database call. */
  SpanKind kind(E event);

  /** The span name, e.g. {@code SELECT orders}. Called before {@link #onStart}. */
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

  /**
   * Whether a call of this category made inside another one (on the same thread) gets a span of its own.
   * False for library calls (a driver's {@code executeQuery} calling its own {@code execute} is one call);
   * true for application code, where nested methods are nested spans.
   */
  default boolean nestable() {
    return false;
  }
}
