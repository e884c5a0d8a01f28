package dev.tracer.bootstrap;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the application's own metrics API (its own copy, in its own class loader) is bridged to: the agent's meter
 * provider, whose readers export the application's instruments with the agent's metrics. As in
 * {@link ApplicationTracing}, meters, instruments and measurements cross as opaque objects of the agent, attributes
 * as {@code key, type, value} triples.
 *
 * <p>Instrument kinds: {@code COUNTER}, {@code UP_DOWN_COUNTER}, {@code HISTOGRAM}, {@code GAUGE}; each of longs or
 * of doubles.
 */
public final class ApplicationMetrics {

  /** Implemented by the agent. Every method may throw; the helpers calling it keep that from the application. */
  public interface Sink {
    /** The meter of one instrumentation scope. */
    Object meter(String scopeName, String scopeVersion, String schemaUrl);

    /** A synchronous instrument; {@code buckets} (histograms' boundary advice) may be null, as may the texts. */
    Object instrument(Object meter, String kind, boolean longs, String name, String description, String unit,
        List<Double> buckets);

    /** Adds to a counter, records into a histogram or sets a gauge. */
    void record(Object instrument, long value, Object[] attributes);

    void record(Object instrument, double value, Object[] attributes);

    /**
     * An observable instrument: whenever the agent's readers collect, {@code callback} gets a measurement to hand to
     * {@link #observed}. Stays until {@link #close}.
     */
    Object observe(Object meter, String kind, boolean longs, String name, String description, String unit,
        Consumer<Object> callback);

    void observed(Object measurement, long value, Object[] attributes);

    void observed(Object measurement, double value, Object[] attributes);

    void close(Object observable);
  }

  private static volatile Sink sink;

  private ApplicationMetrics() {}

  public static void install(Sink newSink) {
    sink = newSink;
  }

  /** The agent's sink, or null before the agent starts. */
  public static Sink sink() {
    return sink;
  }
}
