package dev.tracer.bootstrap;

/**
 * The span of the message a thread is handling, for clients that hand messages out one by one (the records of
 * a polled batch, a message fetched on request): started when the application takes a message, ended when it
 * takes the next one, reaches the end of the batch, or polls again. At most one per thread, so nothing stays
 * open for a batch the application never iterates. Library-neutral: every messaging client may use it.
 */
public final class ProcessingSpan {
  private static final ThreadLocal<SpanEvent> CURRENT = new ThreadLocal<>();

  private ProcessingSpan() {}

  /** Ends the thread's current message span, if any, and starts {@code event}'s. */
  public static void begin(SpanEvent event) {
    end();
    Dispatch.start(event);
    if (event.handle != null) {
      CURRENT.set(event);
    }
  }

  /** Ends the thread's current message span, if any. */
  public static void end() {
    SpanEvent event = CURRENT.get();
    if (event != null) {
      CURRENT.remove();
      Dispatch.end(event, null);
    }
  }
}
