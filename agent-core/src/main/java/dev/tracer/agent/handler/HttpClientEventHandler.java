package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.HttpClientEvent;
import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.Collections;
import java.util.List;

/**
 * Requests of every HTTP client library: CLIENT spans named after the method. Computes the propagation
 * headers at start; the library's advice writes them into the request.
 */
public final class HttpClientEventHandler implements SpanEventHandler<HttpClientEvent>, ErrorMessages {
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  private final ContextPropagators propagators;
  private final Redaction redaction;
  private final HeaderAttributes requestHeaders;
  private final HeaderAttributes responseHeaders;

  public HttpClientEventHandler(ContextPropagators propagators) {
    this(propagators, Redaction.DEFAULT, Collections.emptyList(), Collections.emptyList());
  }

  /** {@code requestHeaders}/{@code responseHeaders}: the names recorded as {@code http.*.header.<name>}. */
  public HttpClientEventHandler(ContextPropagators propagators, Redaction redaction, List<String> requestHeaders,
      List<String> responseHeaders) {
    this.propagators = propagators;
    this.redaction = redaction;
    this.requestHeaders = new HeaderAttributes(HttpServerEventHandler.REQUEST_HEADER, requestHeaders, redaction);
    this.responseHeaders = new HeaderAttributes(HttpServerEventHandler.RESPONSE_HEADER, responseHeaders, redaction);
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
      HttpUrl url = HttpUrl.parse(event.url, redaction);
      span.setAttribute(URL_FULL, url.full);
      if (event.serverAddress == null) {
        event.serverAddress = url.host;
        event.serverPort = url.port;
      }
    }
  }

  /**
   * A library that cannot use a URL's user-info may echo it in its exception (Reactor Netty: "Failed to resolve
   * 'user:pass@host'"): the message is recorded with the user-info REDACTED.
   */
  @Override
  public String errorMessage(SpanEvent event, Throwable error) {
    String message = error.getMessage();
    String url = ((HttpClientEvent) event).url;
    String userInfo = message == null || url == null ? null : HttpUrl.userInfo(url);
    return userInfo == null || userInfo.isEmpty() ? message : message.replace(userInfo, Redaction.REDACTED);
  }

  @Override
  public void onStarted(HttpClientEvent event, Span span, Context context) {
    event.headersToInject.putAll(MapCarrier.inject(propagators, context));
  }

  @Override
  public void onEnd(HttpClientEvent event, Span span) {
    // at the end: some libraries show the request's headers only after the span started (Reactor Netty)
    requestHeaders.set(event.requestHeaders, span::setAttribute);
    responseHeaders.set(event.responseHeaders, span::setAttribute);
    if (event.statusCode > 0) {
      span.setAttribute(HttpMethods.STATUS_CODE, (long) event.statusCode);
      if (event.statusCode >= 400) {
        span.setStatus(StatusCode.ERROR);
      }
    }
  }
}
