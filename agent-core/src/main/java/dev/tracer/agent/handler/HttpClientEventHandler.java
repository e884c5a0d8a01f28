package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.HttpClientEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * Requests of every HTTP client library: CLIENT spans named after the method. Computes the propagation
 * headers at start; the library's advice writes them into the request.
 */
public final class HttpClientEventHandler implements SpanEventHandler<HttpClientEvent> {
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  private final ContextPropagators propagators;
  private final boolean sanitize;

  public HttpClientEventHandler(ContextPropagators propagators, boolean sanitize) {
    this.propagators = propagators;
    this.sanitize = sanitize;
  }

  @Override
  public Class<HttpClientEvent> eventType() {
    return HttpClientEvent.class;
  }

  @Override
  public SpanKind kind(HttpClientEvent event) {
    return SpanKind.CLIENT;
  }

  @Override
  public String spanName(HttpClientEvent event) {
    return HttpMethods.spanName(event.method);
  }

  @Override
  public void onStart(HttpClientEvent event, SpanBuilder span) {
    HttpMethods.setMethod(span, event.method);
    if (event.url != null) {
      HttpUrl url = HttpUrl.parse(event.url, sanitize);
      span.setAttribute(URL_FULL, url.full);
      if (event.serverAddress == null) {
        event.serverAddress = url.host;
        event.serverPort = url.port;
      }
    }
  }

  @Override
  public void onStarted(HttpClientEvent event, Span span, Context context) {
    event.headersToInject.putAll(MapCarrier.inject(propagators, context));
  }

  @Override
  public void onEnd(HttpClientEvent event, Span span) {
    if (event.statusCode > 0) {
      span.setAttribute(HttpMethods.STATUS_CODE, (long) event.statusCode);
      if (event.statusCode >= 400) {
        span.setStatus(StatusCode.ERROR);
      }
    }
  }
}
