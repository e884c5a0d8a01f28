package dev.tracer.exporters;

import dev.tracer.api.AgentLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.DefaultAggregationSelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A network exporter built when it is first needed, on the agent thread that exports, instead of on the
 * application's main thread at start-up: building one sets up a sender and TLS, and loads the exporter's classes
 * (a few hundred for gRPC), 0.1 to 0.5 s of a cold JVM. Its settings are checked
 * before, at start-up (a wrong endpoint still fails at once); an exporter never used is never built. A build that
 * fails is reported in one line, and that exporter then exports nothing.
 */
final class BuiltOnFirstExport<T> {
  /**
   * What a metric exporter built on first export is configured with, and what its stand-in answers the metric
   * reader before then: one definition for both, so they cannot disagree.
   */
  static final AggregationTemporalitySelector METRIC_TEMPORALITY = AggregationTemporalitySelector.alwaysCumulative();
  static final DefaultAggregationSelector METRIC_AGGREGATION = DefaultAggregationSelector.getDefault();
  static final MemoryMode METRIC_MEMORY_MODE = MemoryMode.IMMUTABLE_DATA;

  private final String what;
  private Supplier<T> build;
  private volatile T built;

  BuiltOnFirstExport(String what, Supplier<T> build) {
    this.what = what;
    this.build = build;
  }

  /** The exporter, built now if it is not yet (null if it could not be). */
  synchronized T get() {
    if (build != null) {
      try {
        built = build.get();
      } catch (Throwable t) {
        AgentLog.warn(what + " could not be created, skipped: " + t);
      }
      build = null;
    }
    return built;
  }

  /** {@code call} on the exporter, built now if need be; a failure when it could not be built. */
  CompletableResultCode build(Function<T, CompletableResultCode> call) {
    T exporter = get();
    return exporter == null ? CompletableResultCode.ofFailure() : call.apply(exporter);
  }

  /** {@code call} on the exporter if it was built: what was never used needs no flush or shutdown. */
  CompletableResultCode ifBuilt(Function<T, CompletableResultCode> call) {
    T exporter = built;
    return exporter == null ? CompletableResultCode.ofSuccess() : call.apply(exporter);
  }

  static SpanExporter spans(String name, Supplier<SpanExporter> build) {
    BuiltOnFirstExport<SpanExporter> exporter = new BuiltOnFirstExport<>("exporter '" + name + "'", build);
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return exporter.build(built -> built.export(spans));
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.ifBuilt(SpanExporter::flush);
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.ifBuilt(SpanExporter::shutdown);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /**
   * The metric reader asks its exporter for temporality, aggregation and memory mode when it is registered, before
   * it is built: {@code build} must configure the exporter with {@link #METRIC_TEMPORALITY},
   * {@link #METRIC_AGGREGATION} and {@link #METRIC_MEMORY_MODE}, which the stand-in answers meanwhile.
   */
  static MetricExporter metrics(Supplier<MetricExporter> build) {
    BuiltOnFirstExport<MetricExporter> exporter = new BuiltOnFirstExport<>("OTLP metrics exporter", build);
    return new MetricExporter() {
      @Override
      public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return METRIC_TEMPORALITY.getAggregationTemporality(instrumentType);
      }

      @Override
      public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
        return METRIC_AGGREGATION.getDefaultAggregation(instrumentType);
      }

      @Override
      public MemoryMode getMemoryMode() {
        return METRIC_MEMORY_MODE;
      }

      @Override
      public CompletableResultCode export(Collection<MetricData> metrics) {
        return exporter.build(built -> built.export(metrics));
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.ifBuilt(MetricExporter::flush);
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.ifBuilt(MetricExporter::shutdown);
      }
    };
  }
}
