package dev.tracer.api;

import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.trace.Span;

/**
 * Told about every span the agent starts and ends, with the event that caused it: the hook of a security or
 * profiling product. Found with {@link java.util.ServiceLoader}.
 *
 * <p>{@link #eventType()} chooses the category: {@code SpanEvent} (the default) for every span;
 * {@code DatabaseEvent} for database queries; {@code HttpClientEvent}, {@code HttpServerEvent},
 * {@code MessagingEvent}, {@code RpcEvent} for HTTP client and server requests, messages produced and
 * consumed, RPC calls; {@code CustomEvent} for spans of instrumented application code. Any event type of
 * {@code dev.tracer.bootstrap} works, subtypes included.
 *
 * <p>Listeners run on the thread of the instrumented call, so keep them short. The span is still recording
 * in both calls: attributes set there are exported. A listener that throws is reported once on standard
 * error and never breaks the span nor the application.
 */
public interface SpanListener<E extends SpanEvent> {
  /** The category listened to; every span by default. */
  @SuppressWarnings("unchecked")
  default Class<E> eventType() {
    return (Class<E>) SpanEvent.class;
  }

  /** The span has started (the event holds what the instrumentation read before the call). */
  default void onStart(E event, Span span) {}

  /** The span is about to end (the event holds the outcome; {@code event.error} what the call threw). */
  default void onEnd(E event, Span span) {}
}
