package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationMetrics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;

/** Helper: the agent's measurement (null: records nothing) handed to the application's callback. */
final class BridgedMeasurement implements ObservableLongMeasurement, ObservableDoubleMeasurement {
  private final Object agent;

  BridgedMeasurement(Object agent) {
    this.agent = agent;
  }

  @Override
  public void record(long value) {
    record(value, null);
  }

  @Override
  public void record(long value, Attributes attributes) {
    if (agent != null) {
      try {
        ApplicationMetrics.sink().observed(agent, value, Bridge.attributes(attributes));
      } catch (Throwable t) {
        // the application comes first
      }
    }
  }

  @Override
  public void record(double value) {
    record(value, null);
  }

  @Override
  public void record(double value, Attributes attributes) {
    if (agent != null) {
      try {
        ApplicationMetrics.sink().observed(agent, value, Bridge.attributes(attributes));
      } catch (Throwable t) {
        // the application comes first
      }
    }
  }
}
