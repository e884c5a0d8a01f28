package dev.tracer.bootstrap;

/**
 * Passes an event from the advice that started it to an advice further down the same call on the same thread
 * (e.g. from {@code KafkaProducer.send} to the constructor of the callback that will see the acknowledgement).
 */
public final class Handoff {
  private static final ThreadLocal<SpanEvent> PENDING = new ThreadLocal<>();

  private Handoff() {}

  public static void offer(SpanEvent event) {
    PENDING.set(event);
  }

  /** The offered event, once; null when none is waiting. */
  public static SpanEvent take() {
    SpanEvent event = PENDING.get();
    if (event != null) {
      PENDING.remove();
    }
    return event;
  }
}
