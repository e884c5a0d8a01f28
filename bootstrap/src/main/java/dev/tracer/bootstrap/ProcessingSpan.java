package dev.tracer.bootstrap;

/**
 * The span of the message a thread is handling, for libraries that hand messages out one by one from a batch
 * (a Kafka consumer's records): started when the application takes a message, ended when it takes the next one,
 * reaches the end of the batch, or polls again. At most one per thread, so nothing stays open for a batch the
 * application never iterates.
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

  /** The thread's current message span's event, null when none. */
  public static SpanEvent current() {
    return CURRENT.get();
  }
}
