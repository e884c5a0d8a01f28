package dev.tracer.bootstrap;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request received by an HTTP server (servlet containers). Advice copies only the propagation headers the
 * configured propagators read ({@link Propagation#fields()}) into {@link #headers}; the handler extracts the
 * parent from them. {@link NetworkEvent#serverAddress}/{@link NetworkEvent#serverPort} are this server's.
 */
public final class HttpServerEvent extends NetworkEvent {
  public String method;
  /** The request path without the query ({@code url.path}). */
  public String path;
  /** The query string without {@code ?} ({@code url.query}), null when none; the handler redacts it. */
  public String query;
  public String scheme;
  /** The matched route (e.g. {@code /orders/*}), null when unknown; advice may set it at the end. */
  public String route;
  /** Set by {@link ServerRoute}: a framework chose {@link #route} (or found none); the container keeps it. */
  public boolean routeFromFramework;
  public String clientAddress;
  /** 0 until the response status is known. */
  public int statusCode;
  /** Incoming propagation headers, keyed by the field name the propagators asked for. */
  public final Map<String, String> headers = new HashMap<>(4);
  /** Request headers named by {@link HeaderCapture#serverRequest()}, null when none were copied. */
  public Map<String, List<String>> requestHeaders;
  /** Response headers named by {@link HeaderCapture#serverResponse()}, copied at the end; null when none. */
  public Map<String, List<String>> responseHeaders;
  /** Headers the handler wants on the response ({@code traceresponse}), set at start; the advice writes them. */
  public Map<String, String> headersToWrite;

  public HttpServerEvent(String instrumentation) {
    super(instrumentation);
  }
}
