package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationTracing;
import io.opentelemetry.context.Scope;

/** Helper: closes the agent's scope of a context the application made current. */
public final class BridgedScope implements Scope {
  private final Object token;

  BridgedScope(Object token) {
    this.token = token;
  }

  @Override
  public void close() {
    ApplicationTracing.Sink sink = ApplicationTracing.sink();
    if (sink != null && token != null) {
      try {
        sink.detach(token);
      } catch (Throwable ignored) {
        // the application comes first
      }
    }
  }
}
