package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationMetrics;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.DoubleUpDownCounterBuilder;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Helper: as {@link BridgedLongBuilder}, for instruments of doubles. */
final class BridgedDoubleBuilder implements DoubleCounterBuilder, DoubleUpDownCounterBuilder, DoubleHistogramBuilder {
  private final Object meter;
  private final String kind;
  private final String name;
  private String description;
  private String unit;
  private List<Double> buckets;

  BridgedDoubleBuilder(Object meter, String kind, String name, String description, String unit, List<Double> buckets) {
    this.meter = meter;
    this.kind = kind;
    this.name = name;
    this.description = description;
    this.unit = unit;
    this.buckets = buckets;
  }

  @Override
  public BridgedDoubleBuilder setDescription(String description) {
    this.description = description;
    return this;
  }

  @Override
  public BridgedDoubleBuilder setUnit(String unit) {
    this.unit = unit;
    return this;
  }

  /** API 1.32 and later. */
  @Override
  public BridgedDoubleBuilder setExplicitBucketBoundariesAdvice(List<Double> boundaries) {
    if (boundaries != null) {
      buckets = new ArrayList<>(boundaries);
    }
    return this;
  }

  @Override
  public BridgedLongBuilder ofLongs() {
    return new BridgedLongBuilder(meter, kind, name, description, unit, buckets);
  }

  @Override
  public BridgedInstrument.OfDoubles build() {
    Object agent = null;
    try {
      agent = ApplicationMetrics.sink().instrument(meter, kind, false, name, description, unit, buckets);
    } catch (Throwable t) {
      // a no-op instrument: the application comes first
    }
    return new BridgedInstrument.OfDoubles(agent);
  }

  @Override
  public BridgedObservable buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
    return BridgedObservable.create(meter, kind, false, name, description, unit, callback);
  }

  /** API 1.15 and later: batch callbacks are not bridged, this measurement records nothing. */
  @Override
  public ObservableDoubleMeasurement buildObserver() {
    return new BridgedMeasurement(null);
  }
}
