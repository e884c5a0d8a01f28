package dev.tracer.bootstrap;

/**
 * What an instrumented call did, as plain data. Advice fills one in, hands it to {@link Dispatch#start},
 * lets the library call run, records the outcome and calls {@link Dispatch#end}. Handlers turn it into a span.
 *
 * <p>Events live on the bootstrap class path, so they may only use JDK types of {@code java.base}.
 */
public abstract class SpanEvent {
  /** The instrumentation that produced the event, e.g. {@code jdbc}. */
  public final String instrumentation;
  /** The exception thrown through the instrumented call, if any. */
  public Throwable error;
  /** Set by the handler between start and end (the span and its scope); opaque to advice. */
  public Object handle;

  protected SpanEvent(String instrumentation) {
    this.instrumentation = instrumentation;
  }
}
