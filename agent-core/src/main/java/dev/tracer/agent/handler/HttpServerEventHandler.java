package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.HttpServerEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * Requests received by HTTP servers: SERVER spans named {@code GET /orders/{id}} when the route is known,
 * else after the method; the parent is extracted from the propagation headers the advice copied.
 */
public final class HttpServerEventHandler implements SpanEventHandler<HttpServerEvent> {
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");

  private final ContextPropagators propagators;

  public HttpServerEventHandler(ContextPropagators propagators) {
    this.propagators = propagators;
  }

  @Override
  public Class<HttpServerEvent> eventType() {
    return HttpServerEvent.class;
  }

  @Override
  public SpanKind kind(HttpServerEvent event) {
    return SpanKind.SERVER;
  }

  @Override
  public Context parent(HttpServerEvent event, Context current) {
    try {
      return MapCarrier.extract(propagators, current, event.headers);
    } catch (RuntimeException malformed) {
      return current; // a header we cannot read starts a new trace
    }
  }

  @Override
  public String spanName(HttpServerEvent event) {
    return name(event);
  }

  private static String name(HttpServerEvent event) {
    String method = HttpMethods.spanName(event.method);
    return event.route != null ? method + " " + event.route : method;
  }

  @Override
  public void onStart(HttpServerEvent event, SpanBuilder span) {
    HttpMethods.setMethod(span, event.method);
    if (event.path != null) {
      span.setAttribute(URL_PATH, event.path);
    }
    if (event.scheme != null) {
      span.setAttribute(URL_SCHEME, event.scheme);
    }
    if (event.route != null) {
      span.setAttribute(ROUTE, event.route);
    }
    if (event.clientAddress != null) {
      span.setAttribute(CLIENT_ADDRESS, event.clientAddress);
    }
  }

  @Override
  public void onEnd(HttpServerEvent event, Span span) {
    if (event.route != null) {
      span.setAttribute(ROUTE, event.route);
      span.updateName(name(event));
    }
    if (event.statusCode > 0) {
      span.setAttribute(HttpMethods.STATUS_CODE, (long) event.statusCode);
      if (event.statusCode >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
    }
  }
}
