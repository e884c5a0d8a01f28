package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationMetrics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleUpDownCounter;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.context.Context;

/** Helper: one of the agent's synchronous instruments (null: a no-op) as the application's. */
final class BridgedInstrument {
  private BridgedInstrument() {}

  static void record(Object agent, long value, Attributes attributes) {
    if (agent != null) {
      try {
        ApplicationMetrics.sink().record(agent, value, Bridge.attributes(attributes));
      } catch (Throwable t) {
        // the application comes first
      }
    }
  }

  static void record(Object agent, double value, Attributes attributes) {
    if (agent != null) {
      try {
        ApplicationMetrics.sink().record(agent, value, Bridge.attributes(attributes));
      } catch (Throwable t) {
        // the application comes first
      }
    }
  }

  static final class OfLongs implements LongCounter, LongUpDownCounter, LongHistogram {
    private final Object agent;

    OfLongs(Object agent) {
      this.agent = agent;
    }

    /** API 1.50 and later. */
    @Override
    public boolean isEnabled() {
      return agent != null;
    }

    @Override
    public void add(long value) {
      BridgedInstrument.record(agent, value, null);
    }

    @Override
    public void add(long value, Attributes attributes) {
      BridgedInstrument.record(agent, value, attributes);
    }

    @Override
    public void add(long value, Attributes attributes, Context context) {
      BridgedInstrument.record(agent, value, attributes);
    }

    @Override
    public void record(long value) {
      BridgedInstrument.record(agent, value, null);
    }

    @Override
    public void record(long value, Attributes attributes) {
      BridgedInstrument.record(agent, value, attributes);
    }

    @Override
    public void record(long value, Attributes attributes, Context context) {
      BridgedInstrument.record(agent, value, attributes);
    }
  }

  static final class OfDoubles implements DoubleCounter, DoubleUpDownCounter, DoubleHistogram {
    private final Object agent;

    OfDoubles(Object agent) {
      this.agent = agent;
    }

    /** API 1.50 and later. */
    @Override
    public boolean isEnabled() {
      return agent != null;
    }

    @Override
    public void add(double value) {
      BridgedInstrument.record(agent, value, null);
    }

    @Override
    public void add(double value, Attributes attributes) {
      BridgedInstrument.record(agent, value, attributes);
    }

    @Override
    public void add(double value, Attributes attributes, Context context) {
      BridgedInstrument.record(agent, value, attributes);
    }

    @Override
    public void record(double value) {
      BridgedInstrument.record(agent, value, null);
    }

    @Override
    public void record(double value, Attributes attributes) {
      BridgedInstrument.record(agent, value, attributes);
    }

    @Override
    public void record(double value, Attributes attributes, Context context) {
      BridgedInstrument.record(agent, value, attributes);
    }
  }
}
