package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.HttpServerEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests received by HTTP servers: SERVER spans named {@code GET /orders/{id}} when the route is known,
 * else after the method; the parent is extracted from the propagation headers the advice copied.
 */
public final class HttpServerEventHandler implements SpanEventHandler<HttpServerEvent> {
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
  static final String REQUEST_HEADER = "http.request.header.";
  static final String RESPONSE_HEADER = "http.response.header.";
  /** W3C Trace Context Level 2: the server's span, told to the caller. */
  public static final String TRACE_RESPONSE = "traceresponse";
  /** Read by the advice when the trace response is on: a request with it is a CORS request. */
  public static final String ORIGIN = "origin";
  static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";

  private final ContextPropagators propagators;
  private final Redaction redaction;
  private final HeaderAttributes requestHeaders;
  private final HeaderAttributes responseHeaders;
  private final boolean traceResponse;

  public HttpServerEventHandler(ContextPropagators propagators) {
    this(propagators, Redaction.DEFAULT, Collections.emptyList(), Collections.emptyList(), false);
  }

  /**
   * {@code requestHeaders}/{@code responseHeaders}: the names recorded as {@code http.*.header.<name>};
   * {@code traceResponse}: every response carries {@code traceresponse}.
   */
  public HttpServerEventHandler(ContextPropagators propagators, Redaction redaction, List<String> requestHeaders,
      List<String> responseHeaders, boolean traceResponse) {
    this.propagators = propagators;
    this.redaction = redaction;
    this.requestHeaders = new HeaderAttributes(REQUEST_HEADER, requestHeaders, redaction);
    this.responseHeaders = new HeaderAttributes(RESPONSE_HEADER, responseHeaders, redaction);
    this.traceResponse = traceResponse;
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
      span.setAttribute(URL_PATH, event.path); // before the sampler runs: TRACER_SAMPLER_RULES match on it
    }
    if (event.query != null && !event.query.isEmpty()) {
      span.setAttribute(URL_QUERY, redaction.query(event.query));
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
    requestHeaders.set(event.requestHeaders, span::setAttribute);
  }

  /** The trace response for the advice to write at once, before the application can commit the response. */
  @Override
  public void onStarted(HttpServerEvent event, Span span, Context context) {
    SpanContext ids = span.getSpanContext();
    if (!traceResponse || !span.isRecording()) { // not traced (excluded, unsampled): nothing to tell
      return;
    }
    Map<String, String> headers = new LinkedHashMap<>(4);
    headers.put(TRACE_RESPONSE, "00-" + ids.getTraceId() + "-" + ids.getSpanId() + "-" + ids.getTraceFlags().asHex());
    if (event.requestHeaders != null && event.requestHeaders.containsKey(ORIGIN)) {
      headers.put(EXPOSE_HEADERS, TRACE_RESPONSE);
    }
    event.headersToWrite = headers;
  }

  @Override
  public void onEnd(HttpServerEvent event, Span span) {
    responseHeaders.set(event.responseHeaders, span::setAttribute);
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
