package dev.tracer.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's console: one line per message on standard error, prefixed {@code [tracer]}. Standard output
 * belongs to the application.
 */
public final class AgentLog {
  private static volatile boolean debug;
  private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

  private AgentLog() {}

  /** Set by the agent from {@code TRACER_LOG_LEVEL}. */
  public static void setDebug(boolean on) {
    debug = on;
  }

  /** Whether {@code TRACER_LOG_LEVEL=debug}. */
  public static boolean isDebug() {
    return debug;
  }

  /** One line, always shown. */
  public static void info(String message) {
    System.err.println("[tracer] " + message);
  }

  /** One line marked WARN, always shown. */
  public static void warn(String message) {
    System.err.println("[tracer] WARN " + message);
  }

  /** One line, shown only with {@code TRACER_LOG_LEVEL=debug}. */
  public static void debug(String message) {
    if (debug) {
      System.err.println("[tracer] DEBUG " + message);
    }
  }

  /** Warns the first time {@code key} is seen, never again (e.g. one line per broken listener). */
  public static void warnOnce(String key, String message) {
    if (ONCE.add(key)) {
      warn(message);
    }
  }
}
