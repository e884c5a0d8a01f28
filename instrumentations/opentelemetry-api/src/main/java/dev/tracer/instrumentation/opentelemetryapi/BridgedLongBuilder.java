package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationMetrics;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongHistogramBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Helper: the application's builder of a counter, up-down counter or histogram of longs; what it builds is the
 * agent's instrument. One class for the three: their methods differ only in the types they return, all of which
 * this class and the ones it builds implement.
 */
final class BridgedLongBuilder implements LongCounterBuilder, LongUpDownCounterBuilder, LongHistogramBuilder {
  private final Object meter;
  private final String kind;
  private final String name;
  private String description;
  private String unit;
  private List<Double> buckets;

  BridgedLongBuilder(Object meter, String kind, String name) {
    this.meter = meter;
    this.kind = kind;
    this.name = name;
  }

  BridgedLongBuilder(Object meter, String kind, String name, String description, String unit, List<Double> buckets) {
    this(meter, kind, name);
    this.description = description;
    this.unit = unit;
    this.buckets = buckets;
  }

  @Override
  public BridgedLongBuilder setDescription(String description) {
    this.description = description;
    return this;
  }

  @Override
  public BridgedLongBuilder setUnit(String unit) {
    this.unit = unit;
    return this;
  }

  /** API 1.32 and later. */
  @Override
  public BridgedLongBuilder setExplicitBucketBoundariesAdvice(List<Long> boundaries) {
    if (boundaries != null) {
      List<Double> bounds = new ArrayList<>();
      for (Long bound : boundaries) {
        bounds.add(bound.doubleValue());
      }
      buckets = bounds;
    }
    return this;
  }

  @Override
  public BridgedDoubleBuilder ofDoubles() {
    return new BridgedDoubleBuilder(meter, kind, name, description, unit, buckets);
  }

  @Override
  public BridgedInstrument.OfLongs build() {
    Object agent = null;
    try {
      agent = ApplicationMetrics.sink().instrument(meter, kind, true, name, description, unit, buckets);
    } catch (Throwable t) {
      // a no-op instrument: the application comes first
    }
    return new BridgedInstrument.OfLongs(agent);
  }

  @Override
  public BridgedObservable buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
    return BridgedObservable.create(meter, kind, true, name, description, unit, callback);
  }

  /** API 1.15 and later: batch callbacks are not bridged, this measurement records nothing. */
  @Override
  public ObservableLongMeasurement buildObserver() {
    return new BridgedMeasurement(null);
  }
}
