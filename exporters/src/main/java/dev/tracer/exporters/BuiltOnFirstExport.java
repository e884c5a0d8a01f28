package dev.tracer.exporters;

import dev.tracer.api.AgentLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A network exporter built when it is first needed, on the agent thread that exports, instead of on the
 * application's main thread at start-up: building one sets up an HTTP client and TLS, and loads (and, for the JDK
 * {@code HttpClient}, instruments) a few hundred classes, 0.3 to 0.5 s of a cold JVM. Its settings are checked
 * before, at start-up (a wrong endpoint still fails at once); an exporter never used is never built. A build that
 * fails is reported in one line, and that exporter then exports nothing.
 */
final class BuiltOnFirstExport<T> {
  private final String what;
  private Supplier<T> build;
  private T built;

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

  /** The exporter if it was built, else null: what was never used needs no flush or shutdown. */
  synchronized T ifBuilt() {
    return built;
  }

  static SpanExporter spans(String name, Supplier<SpanExporter> build) {
    BuiltOnFirstExport<SpanExporter> exporter = new BuiltOnFirstExport<>("exporter '" + name + "'", build);
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        SpanExporter built = exporter.get();
        return built == null ? CompletableResultCode.ofFailure() : built.export(spans);
      }

      @Override
      public CompletableResultCode flush() {
        SpanExporter built = exporter.ifBuilt();
        return built == null ? CompletableResultCode.ofSuccess() : built.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        SpanExporter built = exporter.ifBuilt();
        return built == null ? CompletableResultCode.ofSuccess() : built.shutdown();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  /**
   * The metric reader asks its exporter for temporality, aggregation and memory mode when it is registered, before
   * it is built: the answers are given here, and {@code build} must configure the exporter with the same
   * (cumulative, the default aggregation, immutable data).
   */
  static MetricExporter metrics(Supplier<MetricExporter> build) {
    BuiltOnFirstExport<MetricExporter> exporter = new BuiltOnFirstExport<>("OTLP metrics exporter", build);
    return new MetricExporter() {
      @Override
      public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
      }

      @Override
      public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
        return Aggregation.defaultAggregation();
      }

      @Override
      public MemoryMode getMemoryMode() {
        return MemoryMode.IMMUTABLE_DATA;
      }

      @Override
      public CompletableResultCode export(Collection<MetricData> metrics) {
        MetricExporter built = exporter.get();
        return built == null ? CompletableResultCode.ofFailure() : built.export(metrics);
      }

      @Override
      public CompletableResultCode flush() {
        MetricExporter built = exporter.ifBuilt();
        return built == null ? CompletableResultCode.ofSuccess() : built.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        MetricExporter built = exporter.ifBuilt();
        return built == null ? CompletableResultCode.ofSuccess() : built.shutdown();
      }
    };
  }
}
