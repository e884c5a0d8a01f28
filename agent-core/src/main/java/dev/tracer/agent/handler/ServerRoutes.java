package dev.tracer.agent.handler;

import dev.tracer.bootstrap.HttpServerEvent;
import dev.tracer.bootstrap.ServerRoute;
import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.trace.SpanKind;

/** Gives a framework's matched route to the request the server is handling on this thread; the first one wins. */
public final class ServerRoutes implements ServerRoute.Sink {
  private final Handlers handlers;

  public ServerRoutes(Handlers handlers) {
    this.handlers = handlers;
  }

  @Override
  public void set(String route) {
    SpanEvent current = handlers.currentEvent(HttpServerEvent.class, SpanKind.SERVER);
    if (!(current instanceof HttpServerEvent)) {
      return;
    }
    HttpServerEvent request = (HttpServerEvent) current;
    if (!request.routeFromFramework) { // the span is renamed at its end, after the container's own route
      request.routeFromFramework = true;
      request.route = route;
    }
  }
}
