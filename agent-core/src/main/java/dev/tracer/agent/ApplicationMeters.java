package dev.tracer.agent;

import dev.tracer.bootstrap.ApplicationMetrics;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.DoubleUpDownCounter;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongHistogramBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The agent's side of the application's own metrics API ({@link ApplicationMetrics}): its meters are meters of the
 * agent's meter provider under the application's scope names, so its instruments are exported with the agent's
 * metrics (the Prometheus endpoint, OTLP). Without metrics export the provider is the no-op one.
 */
final class ApplicationMeters implements ApplicationMetrics.Sink {
  private final Supplier<MeterProvider> providerSupplier;
  private volatile MeterProvider provider;

  /** {@code provider} is asked at the first meter: the agent's metrics are set up while the application starts. */
  ApplicationMeters(Supplier<MeterProvider> provider) {
    this.providerSupplier = provider;
  }

  private MeterProvider provider() {
    MeterProvider known = provider;
    if (known == null) {
      provider = known = providerSupplier.get();
    }
    return known;
  }

  @Override
  public Object meter(String scopeName, String scopeVersion, String schemaUrl) {
    MeterBuilder builder = provider().meterBuilder(scopeName == null || scopeName.isEmpty() ? "unknown" : scopeName);
    if (scopeVersion != null) {
      builder.setInstrumentationVersion(scopeVersion);
    }
    if (schemaUrl != null) {
      builder.setSchemaUrl(schemaUrl);
    }
    return builder.build();
  }

  @Override
  public Object instrument(Object meter, String kind, boolean longs, String name, String description, String unit,
      List<Double> buckets) {
    Meter m = (Meter) meter;
    switch (kind) {
      case "COUNTER": {
        LongCounterBuilder b = counter(m, name, description, unit);
        return longs ? b.build() : b.ofDoubles().build();
      }
      case "UP_DOWN_COUNTER": {
        LongUpDownCounterBuilder b = upDownCounter(m, name, description, unit);
        return longs ? b.build() : b.ofDoubles().build();
      }
      case "HISTOGRAM": {
        DoubleHistogramBuilder b = m.histogramBuilder(name).setDescription(orEmpty(description)).setUnit(orEmpty(unit));
        if (!longs) {
          return (buckets != null ? b.setExplicitBucketBoundariesAdvice(buckets) : b).build();
        }
        LongHistogramBuilder l = b.ofLongs();
        if (buckets != null) {
          List<Long> bounds = new ArrayList<>();
          for (Double bound : buckets) {
            bounds.add(bound.longValue());
          }
          l.setExplicitBucketBoundariesAdvice(bounds);
        }
        return l.build();
      }
      case "GAUGE":
        return longs ? gauge(m, name, description, unit).ofLongs().build() : gauge(m, name, description, unit).build();
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  private static LongCounterBuilder counter(Meter m, String name, String description, String unit) {
    return m.counterBuilder(name).setDescription(orEmpty(description)).setUnit(orEmpty(unit));
  }

  private static LongUpDownCounterBuilder upDownCounter(Meter m, String name, String description, String unit) {
    return m.upDownCounterBuilder(name).setDescription(orEmpty(description)).setUnit(orEmpty(unit));
  }

  private static DoubleGaugeBuilder gauge(Meter m, String name, String description, String unit) {
    return m.gaugeBuilder(name).setDescription(orEmpty(description)).setUnit(orEmpty(unit));
  }

  /** The SDK's own default for an instrument's description and unit, where the application gave none. */
  private static String orEmpty(String text) {
    return text == null ? "" : text;
  }

  @Override
  public void record(Object instrument, long value, Object[] attributes) {
    Attributes attrs = ApplicationBridge.attributes(attributes);
    if (instrument instanceof LongCounter) {
      ((LongCounter) instrument).add(value, attrs);
    } else if (instrument instanceof LongUpDownCounter) {
      ((LongUpDownCounter) instrument).add(value, attrs);
    } else if (instrument instanceof LongHistogram) {
      ((LongHistogram) instrument).record(value, attrs);
    } else if (instrument instanceof LongGauge) {
      ((LongGauge) instrument).set(value, attrs);
    }
  }

  @Override
  public void record(Object instrument, double value, Object[] attributes) {
    Attributes attrs = ApplicationBridge.attributes(attributes);
    if (instrument instanceof DoubleCounter) {
      ((DoubleCounter) instrument).add(value, attrs);
    } else if (instrument instanceof DoubleUpDownCounter) {
      ((DoubleUpDownCounter) instrument).add(value, attrs);
    } else if (instrument instanceof DoubleHistogram) {
      ((DoubleHistogram) instrument).record(value, attrs);
    } else if (instrument instanceof DoubleGauge) {
      ((DoubleGauge) instrument).set(value, attrs);
    }
  }

  @Override
  public Object observe(Object meter, String kind, boolean longs, String name, String description, String unit,
      Consumer<Object> callback) {
    Meter m = (Meter) meter;
    Consumer<ObservableLongMeasurement> ofLongs = callback::accept;
    Consumer<ObservableDoubleMeasurement> ofDoubles = callback::accept;
    switch (kind) {
      case "COUNTER": {
        LongCounterBuilder b = counter(m, name, description, unit);
        return longs ? b.buildWithCallback(ofLongs) : b.ofDoubles().buildWithCallback(ofDoubles);
      }
      case "UP_DOWN_COUNTER": {
        LongUpDownCounterBuilder b = upDownCounter(m, name, description, unit);
        return longs ? b.buildWithCallback(ofLongs) : b.ofDoubles().buildWithCallback(ofDoubles);
      }
      case "GAUGE":
        return longs ? gauge(m, name, description, unit).ofLongs().buildWithCallback(ofLongs)
            : gauge(m, name, description, unit).buildWithCallback(ofDoubles);
      default:
        throw new IllegalArgumentException(kind);
    }
  }

  @Override
  public void observed(Object measurement, long value, Object[] attributes) {
    ((ObservableLongMeasurement) measurement).record(value, ApplicationBridge.attributes(attributes));
  }

  @Override
  public void observed(Object measurement, double value, Object[] attributes) {
    ((ObservableDoubleMeasurement) measurement).record(value, ApplicationBridge.attributes(attributes));
  }

  @Override
  public void close(Object observable) {
    try {
      ((AutoCloseable) observable).close();
    } catch (Exception ignored) {
      // nothing to undo
    }
  }
}
