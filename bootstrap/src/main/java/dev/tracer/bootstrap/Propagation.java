package dev.tracer.bootstrap;

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

  public static void setFields(String[] names) {
    if (names != null) {
      fields = names.clone();
    }
  }
}
