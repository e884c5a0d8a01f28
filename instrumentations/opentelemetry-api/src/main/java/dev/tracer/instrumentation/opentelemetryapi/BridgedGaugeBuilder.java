package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.LongGaugeBuilder;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.function.Consumer;

/**
 * Helper: the application's gauge builders; their observable gauges are the agent's. (Synchronous gauges, API 1.38
 * and later, are the API's own no-ops here.)
 */
final class BridgedGaugeBuilder {
  private BridgedGaugeBuilder() {}

  static final class OfDoubles implements DoubleGaugeBuilder {
    private final Object meter;
    private final String name;
    private String description;
    private String unit;

    OfDoubles(Object meter, String name, String description, String unit) {
      this.meter = meter;
      this.name = name;
      this.description = description;
      this.unit = unit;
    }

    @Override
    public DoubleGaugeBuilder setDescription(String description) {
      this.description = description;
      return this;
    }

    @Override
    public DoubleGaugeBuilder setUnit(String unit) {
      this.unit = unit;
      return this;
    }

    @Override
    public LongGaugeBuilder ofLongs() {
      return new OfLongs(meter, name, description, unit);
    }

    @Override
    public BridgedObservable buildWithCallback(Consumer<ObservableDoubleMeasurement> callback) {
      return BridgedObservable.create(meter, "GAUGE", false, name, description, unit, callback);
    }
  }

  static final class OfLongs implements LongGaugeBuilder {
    private final Object meter;
    private final String name;
    private String description;
    private String unit;

    OfLongs(Object meter, String name, String description, String unit) {
      this.meter = meter;
      this.name = name;
      this.description = description;
      this.unit = unit;
    }

    @Override
    public LongGaugeBuilder setDescription(String description) {
      this.description = description;
      return this;
    }

    @Override
    public LongGaugeBuilder setUnit(String unit) {
      this.unit = unit;
      return this;
    }

    @Override
    public BridgedObservable buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return BridgedObservable.create(meter, "GAUGE", true, name, description, unit, callback);
    }
  }
}
