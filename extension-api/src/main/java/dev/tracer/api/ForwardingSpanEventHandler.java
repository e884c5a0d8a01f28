package dev.tracer.api;

import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;

/**
 * A handler that does what another one does; override only what should change (call {@code super} to keep
 * the delegate's behaviour). What a {@link HandlerWrapper} usually returns.
 */
public abstract class ForwardingSpanEventHandler<E extends SpanEvent> implements SpanEventHandler<E> {
  /** The handler wrapped. */
  protected final SpanEventHandler<E> delegate;

  /** Delegates every method to {@code delegate}. */
  protected ForwardingSpanEventHandler(SpanEventHandler<E> delegate) {
    this.delegate = delegate;
  }

  @Override
  public Class<E> eventType() {
    return delegate.eventType();
  }

  @Override
  public SpanKind kind(E event) {
    return delegate.kind(event);
  }

  @Override
  public String spanName(E event) {
    return delegate.spanName(event);
  }

  @Override
  public void onStart(E event, SpanBuilder span) {
    delegate.onStart(event, span);
  }

  @Override
  public void onStarted(E event, Span span, Context context) {
    delegate.onStarted(event, span, context);
  }

  @Override
  public void onEnd(E event, Span span) {
    delegate.onEnd(event, span);
  }

  @Override
  public Context parent(E event, Context current) {
    return delegate.parent(event, current);
  }

  @Override
  public boolean nestable() {
    return delegate.nestable();
  }
}
