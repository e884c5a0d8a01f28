package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/** Helper: a context that notes the key it is given, to learn the API's own span and baggage keys. */
public final class KeyProbe implements Context {
  ContextKey<?> key;

  @Override
  public <V> V get(ContextKey<V> contextKey) {
    return null;
  }

  @Override
  public <V> Context with(ContextKey<V> contextKey, V value) {
    key = contextKey;
    return this;
  }
}
