package dev.tracer.api;

import dev.tracer.bootstrap.SpanEvent;

/**
 * Wraps the handler of one event type instead of replacing it, e.g. to rename database spans or add an
 * attribute while keeping everything the built-in handler does. Found with {@link java.util.ServiceLoader}.
 * Wrappers apply after every handler is registered, in the order found; each wraps the result of the previous.
 */
public interface HandlerWrapper<E extends SpanEvent> {
  /** The event type whose handler is wrapped. */
  Class<E> eventType();

  /**
   * Returns the handler to use from now on for {@link #eventType()}; {@code current} is the handler registered
   * so far (typically the built-in). {@link ForwardingSpanEventHandler} makes delegating easy.
   */
  SpanEventHandler<E> wrap(SpanEventHandler<E> current);
}
