package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationTracing;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;

/**
 * Helper: the application's {@code ContextStorage}, which is the agent's current context. Returned by
 * {@code ContextStorage.get()} once the agent runs, so {@code Context.current()}, {@code Span.current()},
 * {@code makeCurrent()} and the API's context wrapping all read and write the agent's one context.
 */
public final class BridgedContextStorage implements ContextStorage {
  public static final BridgedContextStorage INSTANCE = new BridgedContextStorage();

  @Override
  public Scope attach(Context toAttach) {
    ApplicationTracing.Sink sink = ApplicationTracing.sink();
    if (sink == null || toAttach == null) {
      return Scope.noop();
    }
    try {
      return new BridgedScope(sink.attach(Bridge.toAgent(toAttach)));
    } catch (Throwable t) {
      return Scope.noop();
    }
  }

  /** Null (the API then gives its root) when nothing is current. */
  @Override
  public Context current() {
    ApplicationTracing.Sink sink = ApplicationTracing.sink();
    if (sink == null) {
      return null;
    }
    try {
      Object current = sink.current();
      return current == sink.root() ? null : new BridgedContext(current);
    } catch (Throwable t) {
      return null;
    }
  }
}
