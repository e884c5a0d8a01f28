package dev.tracer.instrumentation.logback;

import dev.tracer.bootstrap.CurrentTrace;
import dev.tracer.bootstrap.WeakStore;
import java.util.HashMap;
import java.util.Map;

/**
 * Helper class (defined in Logback's class loader): the trace ids of a log event, from its creation until its MDC
 * map is first read. An event that is never read (filtered out by every appender) is dropped with the event.
 */
public final class LoggingEventIds {
  static final WeakStore<String[]> PENDING = new WeakStore<>();

  private LoggingEventIds() {}

  public static void created(Object event) {
    String[] ids = CurrentTrace.ids();
    if (ids != null) {
      PENDING.put(event, ids);
    }
  }

  /**
   * {@code mdc} with the ids kept for {@code event} added, or null when there are none (no span was current,
   * or they were added before). The application's entries win: where its MDC already has a trace id (set by the
   * application or another tracer), nothing is added.
   */
  public static Map<String, String> withIds(Object event, Map<String, String> mdc) {
    if (PENDING.isEmpty()) {
      return null;
    }
    String[] ids = PENDING.remove(event);
    if (ids == null) {
      return null;
    }
    String[] keys = CurrentTrace.keys();
    if (mdc != null && mdc.containsKey(keys[CurrentTrace.TRACE_ID])) {
      return null;
    }
    Map<String, String> merged = new HashMap<>();
    for (int i = 0; i < keys.length; i++) {
      merged.put(keys[i], ids[i]);
    }
    if (mdc != null) {
      merged.putAll(mdc);
    }
    return merged;
  }
}
