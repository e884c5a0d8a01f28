package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.HttpClientEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.List;

/**
 * Requests of every HTTP client library: CLIENT spans named after the method. Computes the propagation
 * headers at start; the library's advice writes them into the request.
 */
public final class HttpClientEventHandler implements SpanEventHandler<HttpClientEvent> {
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");
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
   * 'user:pass@host'"): such an exception is recorded here, the user-info replaced, instead of as it is.
   */
  private static void recordWithoutUserInfo(HttpClientEvent event, Span span) {
    Throwable error = event.error;
    String userInfo = error == null || event.url == null ? null : HttpUrl.userInfo(event.url);
    if (userInfo == null || userInfo.isEmpty()) {
      return;
    }
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    String message = String.valueOf(error.getMessage());
    if (!trace.toString().contains(userInfo)) {
      return;
    }
    String safeMessage = message.replace(userInfo, Redaction.REDACTED);
    span.setStatus(StatusCode.ERROR, safeMessage);
    span.addEvent("exception", Attributes.of(EXCEPTION_TYPE, error.getClass().getName(), EXCEPTION_MESSAGE, safeMessage,
        EXCEPTION_STACKTRACE, trace.toString().replace(userInfo, Redaction.REDACTED)));
    event.error = null; // recorded: Handlers must not record it again as it is
  }

  @Override
  public void onStarted(HttpClientEvent event, Span span, Context context) {
    event.headersToInject.putAll(MapCarrier.inject(propagators, context));
  }

  @Override
  public void onEnd(HttpClientEvent event, Span span) {
    recordWithoutUserInfo(event, span);
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
