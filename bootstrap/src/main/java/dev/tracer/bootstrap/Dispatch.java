package dev.tracer.bootstrap;

/**
 * The one entry point advice calls. Until the agent installs its sink (or when it is disabled) every call
 * is a no-op. Nothing thrown by the agent ever reaches the instrumented application.
 */
public final class Dispatch {

  /** Implemented by the agent: routes an event to the handler of its type. */
  public interface Sink {
    void start(SpanEvent event);

    /** Takes the span off the current thread; the span stays open until {@link #end}. */
    void detach(SpanEvent event);

    void end(SpanEvent event);

    /** Makes a started (detached) event's span current on this thread; returns what {@link #release} takes. */
    default Object resume(SpanEvent event) {
      return null;
    }

    default void release(Object resumed) {}
  }

  private static volatile Sink sink;

  private Dispatch() {}

  public static void install(Sink newSink) {
    sink = newSink;
  }

  public static boolean active() {
    return sink != null;
  }

  public static void start(SpanEvent event) {
    Sink s = sink;
    if (s == null || event == null) {
      return;
    }
    try {
      s.start(event);
    } catch (Throwable ignored) {
      // the application comes first
    }
  }

  /**
   * For asynchronous calls: the span stops being the current one on this thread (call it before the
   * instrumented method returns) and is ended later, on whatever thread sees the outcome, with {@link #end}.
   */
  public static void detach(SpanEvent event) {
    Sink s = sink;
    if (s == null || event == null || event.handle == null) {
      return;
    }
    try {
      s.detach(event);
    } catch (Throwable ignored) {
      // the application comes first
    }
  }

  /**
   * Makes a detached event's span current on this thread again, e.g. around each callback of a server call that
   * the library runs on its own threads. Returns a token for {@link #release} (null when there is nothing to undo).
   */
  public static Object resume(SpanEvent event) {
    Sink s = sink;
    if (s == null || event == null || event.handle == null) {
      return null;
    }
    try {
      return s.resume(event);
    } catch (Throwable ignored) {
      return null;
    }
  }

  /** Undoes {@link #resume}, on the same thread. */
  public static void release(Object resumed) {
    Sink s = sink;
    if (s == null || resumed == null) {
      return;
    }
    try {
      s.release(resumed);
    } catch (Throwable ignored) {
      // the application comes first
    }
  }

  /** Ends the event's span; {@code error} (may be null) is what the instrumented call threw. */
  public static void end(SpanEvent event, Throwable error) {
    Sink s = sink;
    if (s == null || event == null || event.handle == null) {
      return;
    }
    try {
      if (error != null) {
        event.error = error;
      }
      s.end(event);
    } catch (Throwable ignored) {
      // the application comes first
    }
  }
}
