package dev.tracer.bootstrap;

/**
 * The ids of the span current on this thread, for code that shows them next to its own output (a logging
 * library's context data, so that a log line names its trace), and the names they go under
 * ({@code TRACER_LOG_MDC_KEYS}). Read when the output is made: nothing is done at span start or end.
 */
public final class CurrentTrace {

  /** Implemented by the agent. */
  public interface Source {
    /** {trace id, span id, trace flags} of the current span, hex as on the wire; null when none is current. */
    String[] ids();
  }

  public static final int TRACE_ID = 0;
  public static final int SPAN_ID = 1;
  public static final int TRACE_FLAGS = 2;

  private static volatile Source source;
  private static volatile String[] keys = {"trace_id", "span_id", "trace_flags"};

  private CurrentTrace() {}

  /** Called by the agent; {@code keyNames} are the three names for trace id, span id and flags (null keeps them). */
  public static void install(Source newSource, String[] keyNames) {
    if (keyNames != null && keyNames.length == 3) {
      keys = keyNames.clone();
    }
    source = newSource;
  }

  /** {trace id, span id, trace flags} of the current span, or null (none current, or no agent). Never throws. */
  public static String[] ids() {
    Source s = source;
    if (s == null) {
      return null;
    }
    try {
      return s.ids();
    } catch (Throwable t) {
      return null;
    }
  }

  /** The names the ids go under, in the order of {@link #ids()}: a fresh copy, the caller may keep it. */
  public static String[] keys() {
    return keys.clone();
  }

  /** The name of the trace id: context data that already has it was filled by someone else (left as it is). */
  public static String traceIdKey() {
    return keys[TRACE_ID];
  }
}
