package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationMetrics;
import io.opentelemetry.api.metrics.ObservableDoubleCounter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import io.opentelemetry.api.metrics.ObservableDoubleUpDownCounter;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import java.util.function.Consumer;

/**
 * Helper: one of the agent's observable instruments (null: a no-op) as the application's. The application's
 * callback runs when the agent's readers collect, on their thread, with a measurement that records into the agent's.
 */
final class BridgedObservable implements ObservableLongCounter, ObservableLongUpDownCounter, ObservableLongGauge,
    ObservableDoubleCounter, ObservableDoubleUpDownCounter, ObservableDoubleGauge {
  private final Object agent;

  private BridgedObservable(Object agent) {
    this.agent = agent;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static BridgedObservable create(Object meter, String kind, boolean longs, String name, String description,
      String unit, Consumer callback) {
    Object agent = null;
    if (callback != null) {
      try {
        agent = ApplicationMetrics.sink().observe(meter, kind, longs, name, description, unit, measurement -> {
          try {
            callback.accept(new BridgedMeasurement(measurement));
          } catch (Throwable t) {
            // the application's callback failed: nothing recorded this time, as the SDK does
          }
        });
      } catch (Throwable t) {
        // a no-op instrument: the application comes first
      }
    }
    return new BridgedObservable(agent);
  }

  @Override
  public void close() {
    if (agent != null) {
      try {
        ApplicationMetrics.sink().close(agent);
      } catch (Throwable t) {
        // the application comes first
      }
    }
  }
}
