package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;

/** Helper: one of the agent's meters (an opaque object) as the application's {@code Meter}. */
final class ApplicationMeter implements Meter {
  private final Object agent;

  ApplicationMeter(Object agent) {
    this.agent = agent;
  }

  @Override
  public LongCounterBuilder counterBuilder(String name) {
    return new BridgedLongBuilder(agent, "COUNTER", name);
  }

  @Override
  public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
    return new BridgedLongBuilder(agent, "UP_DOWN_COUNTER", name);
  }

  @Override
  public DoubleHistogramBuilder histogramBuilder(String name) {
    return new BridgedDoubleBuilder(agent, "HISTOGRAM", name, null, null, null);
  }

  @Override
  public DoubleGaugeBuilder gaugeBuilder(String name) {
    return new BridgedGaugeBuilder.OfDoubles(agent, name, null, null);
  }
}
