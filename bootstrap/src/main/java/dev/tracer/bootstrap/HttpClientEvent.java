package dev.tracer.bootstrap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request sent by an HTTP client library. Advice sets {@link #method} and {@link #url}; the handler derives
 * the peer from the URL and, once the span exists, fills {@link #headersToInject}, which the advice then
 * writes into the outgoing request with the library's own API.
 */
public final class HttpClientEvent extends NetworkEvent {
  public String method;
  /** The full URL as the library holds it (the handler removes user-info and, when sanitizing, query values). */
  public String url;
  /** 0 until a response is seen. */
  public int statusCode;
  /** Propagation headers (name → value) for the advice to write; filled by the handler at start. */
  public final Map<String, String> headersToInject = new LinkedHashMap<>(4);
  /** Request headers named by {@link HeaderCapture#clientRequest()}, null when none were copied. */
  public Map<String, List<String>> requestHeaders;
  /** Response headers named by {@link HeaderCapture#clientResponse()}, null when none were copied. */
  public Map<String, List<String>> responseHeaders;

  public HttpClientEvent(String instrumentation) {
    super(instrumentation);
  }
}
