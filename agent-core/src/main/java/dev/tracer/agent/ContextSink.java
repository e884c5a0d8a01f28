package dev.tracer.agent;

import dev.tracer.bootstrap.ContextCarrier;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/** The OpenTelemetry side of {@link ContextCarrier}: captured values are {@link Context}s, tokens are {@link Scope}s. */
final class ContextSink implements ContextCarrier.Sink {
  @Override
  public Object capture() {
    Context current = Context.current();
    return current == Context.root() ? null : current;
  }

  @Override
  public Object attach(Object captured) {
    return ((Context) captured).makeCurrent();
  }

  @Override
  public void detach(Object token) {
    ((Scope) token).close();
  }
}
