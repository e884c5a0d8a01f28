package dev.tracer.agent.handler;

import io.opentelemetry.api.common.AttributeKey;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** What both HTTP handlers share: attribute keys and the semantic conventions' method normalization. */
final class HttpMethods {
  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> METHOD_ORIGINAL = AttributeKey.stringKey("http.request.method_original");
  static final AttributeKey<Long> STATUS_CODE = AttributeKey.longKey("http.response.status_code");
  private static final Set<String> KNOWN = new HashSet<>(
      Arrays.asList("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"));

  private HttpMethods() {}

  /** The method when it is a known one, else null (span name {@code HTTP}, attribute {@code _OTHER}). */
  static String known(String method) {
    return method != null && KNOWN.contains(method) ? method : null;
  }

  static String spanName(String method) {
    String known = known(method);
    return known != null ? known : "HTTP";
  }

  static void setMethod(io.opentelemetry.api.trace.SpanBuilder span, String method) {
    String known = known(method);
    span.setAttribute(METHOD, known != null ? known : "_OTHER");
    if (known == null && method != null) {
      span.setAttribute(METHOD_ORIGINAL, method);
    }
  }
}
