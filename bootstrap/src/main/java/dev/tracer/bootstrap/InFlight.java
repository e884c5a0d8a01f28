package dev.tracer.bootstrap;

/**
 * A span that covers several calls on one object of a JDK class (where no helper class can be defined beside it),
 * e.g. a connection whose {@code connect} starts the request and whose {@code getInputStream} ends it. The calls
 * may call one another: only the outermost one counts.
 */
public final class InFlight {
  private static final WeakStore<InFlight> BY_TARGET = new WeakStore<>();

  public final SpanEvent event;
  /** Calls on the object in progress: the outermost one ends the span. */
  public int depth;
  /** The span has ended: later calls on the object start nothing. */
  public boolean done;

  private InFlight(SpanEvent event) {
    this.event = event;
  }

  /** The call in flight on {@code target}, or null. */
  public static InFlight of(Object target) {
    return BY_TARGET.get(target);
  }

  /** {@code event}'s span now covers the calls on {@code target} until {@link #done}. */
  public static InFlight start(Object target, SpanEvent event) {
    InFlight call = new InFlight(event);
    BY_TARGET.put(target, call);
    return call;
  }
}
