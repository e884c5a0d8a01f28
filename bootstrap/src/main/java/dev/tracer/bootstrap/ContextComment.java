package dev.tracer.bootstrap;

import java.util.function.Supplier;

/**
 * The current trace context as the text of a comment ({@code traceparent='00-<trace>-<span>-01'}), for
 * instrumentations that propagate the context inside what they send, where the peer keeps it in its own logs
 * ({@code TRACER_DB_COMMENT_PROPAGATION}). Advice asks for {@link #current} only when {@link #enabled}.
 */
public final class ContextComment {
  /** Set by the agent at start-up; false until then and when propagation is off. */
  public static volatile boolean enabled;

  /** Set by the agent: the comment text for the current context, or null when there is none. */
  private static volatile Supplier<String> source;

  private ContextComment() {}

  /** Called by the agent; a null source turns propagation off. */
  public static void install(Supplier<String> newSource) {
    source = newSource;
    enabled = newSource != null;
  }

  /** The comment text for the current context; null when off, without a context, or on any failure. */
  public static String current() {
    Supplier<String> s = source;
    if (s == null) {
      return null;
    }
    try {
      return s.get();
    } catch (Throwable t) {
      return null;
    }
  }
}
