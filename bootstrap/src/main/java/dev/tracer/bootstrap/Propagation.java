package dev.tracer.bootstrap;

import java.util.HashMap;
import java.util.Map;

/**
 * The header names the configured propagators read ({@code traceparent}, {@code tracestate}, {@code baggage},
 * {@code b3}...), set by the agent at start-up: extraction advice copies only these from incoming messages.
 */
public final class Propagation {
  private static volatile String[] fields = {"traceparent", "tracestate", "baggage"};

  private Propagation() {}

  public static String[] fields() {
    return fields;
  }

  /**
   * The propagation fields a message's header map carries, as text (header values of some protocols are text but not
   * {@code String}s), for an event's {@code headers}; null when it carries none.
   */
  public static Map<String, String> fieldsOf(Map<String, ?> headers) {
    if (headers == null || headers.isEmpty()) {
      return null;
    }
    Map<String, String> found = null;
    for (String name : fields) {
      Object value = headers.get(name);
      if (value != null) {
        if (found == null) {
          found = new HashMap<>();
        }
        found.put(name, value.toString());
      }
    }
    return found;
  }

  public static void setFields(String[] names) {
    if (names != null) {
      fields = names.clone();
    }
  }
}
