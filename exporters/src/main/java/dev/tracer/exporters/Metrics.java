package dev.tracer.exporters;

import dev.tracer.api.AgentLog;
import dev.tracer.api.PipelineStats;
import dev.tracer.bootstrap.InternalThread;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporterBuilder;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The metrics pipeline: an SDK meter provider with the span metrics, the semantic-convention request metrics
 * (both from each exported batch), the queue's counters and the JVM runtime metrics, read periodically
 * by the OTLP metric exporter and on each scrape by the Prometheus exporter's HTTP server. Every thread it runs
 * on is the agent's own (daemon, untraced).
 */
public final class Metrics {
  private final SdkMeterProvider provider;
  /** The span metrics, then the request metrics, of each batch. */
  private final Consumer<List<SpanData>> spans;
  private final String prometheusUrl;
  /** Null when runtime metrics are off. */
  private final RuntimeMetrics runtime;

  private Metrics(SdkMeterProvider provider, Consumer<List<SpanData>> spans, String prometheusUrl,
      RuntimeMetrics runtime) {
    this.provider = provider;
    this.spans = spans;
    this.prometheusUrl = prometheusUrl;
    this.runtime = runtime;
  }

  /** Null when metrics are off (no OTLP metrics, no port) or nothing could be started. */
  public static Metrics create(MetricsSettings settings, ExportSettings export, Resource resource, PipelineStats stats) {
    if (!settings.enabled()) {
      return null;
    }
    SdkMeterProviderBuilder builder = SdkMeterProvider.builder().setResource(resource);
    boolean readers = false;
    if (settings.otlp) {
      try {
        builder.registerMetricReader(PeriodicMetricReader.builder(otlpExporter(export))
            .setInterval(Duration.ofMillis(settings.intervalMillis))
            .setExecutor(Executors.newSingleThreadScheduledExecutor(r -> new InternalThread(r, "tracer-metrics-export")))
            .build());
        readers = true;
      } catch (TlsFiles.Invalid e) {
        AgentLog.warn("OTLP metrics are off: " + e.getMessage() + " (the application is not affected)");
      } catch (Throwable t) {
        AgentLog.warn("OTLP metrics could not be set up, not exported: " + t);
      }
    }
    String url = null;
    if (settings.port > 0) {
      try {
        builder.registerMetricReader(prometheus(settings.host, settings.port));
        url = "http://" + hostForUrl(settings.host) + ":" + settings.port + "/metrics";
        readers = true;
      } catch (Throwable t) {
        AgentLog.warn("metrics endpoint on " + settings.host + ":" + settings.port + " could not start, not served: " + t);
      }
    }
    if (!readers) {
      return null;
    }
    SdkMeterProvider provider = builder.build();
    Meter meter = provider.get("dev.tracer");
    SpanMetrics.observe(meter, stats);
    Consumer<List<SpanData>> spans = new SpanMetrics(meter).andThen(new RequestMetrics(meter));
    RuntimeMetrics runtime = settings.runtime ? RuntimeMetrics.startOffThread(provider) : null;
    return new Metrics(provider, spans, url, runtime);
  }

  /** What the span queue's worker calls with each batch: span metrics and request metrics. */
  public Consumer<List<SpanData>> spans() {
    return spans;
  }

  /** The agent's meter provider: what the application's own meters are bridged to. */
  public MeterProvider meterProvider() {
    return provider;
  }

  /** Where Prometheus text is served, or null. */
  public String prometheusUrl() {
    return prometheusUrl;
  }

  /** Exports what was recorded (OTLP) and closes the endpoint, waiting at most {@code timeoutMillis}. */
  public void shutdown(long timeoutMillis) {
    if (runtime != null) {
      runtime.close();
    }
    try {
      provider.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (Throwable ignored) {
      // exiting anyway
    }
  }

  /**
   * Configured (and checked: a missing or non-PEM TLS file turns OTLP metrics off with one line) here, built on first export with
   * the settings {@link BuiltOnFirstExport#metrics} answers meanwhile.
   */
  private static MetricExporter otlpExporter(ExportSettings export) {
    ExportSettings.Otlp metrics = export.metrics;
    TlsFiles tls = metrics.tls.check();
    Duration timeout = Duration.ofMillis(metrics.timeoutMillis);
    if (metrics.grpc()) {
      OtlpGrpcMetricExporterBuilder grpc = OtlpGrpcMetricExporter.builder().setEndpoint(metrics.endpoint)
          .setTimeout(timeout).setCompression(metrics.compression).setRetryPolicy(RetryPolicy.getDefault())
          .setAggregationTemporalitySelector(BuiltOnFirstExport.METRIC_TEMPORALITY)
          .setDefaultAggregationSelector(BuiltOnFirstExport.METRIC_AGGREGATION)
          .setMemoryMode(BuiltOnFirstExport.METRIC_MEMORY_MODE);
      metrics.headers.forEach(grpc::addHeader);
      return BuiltOnFirstExport.metrics(tls.building(grpc::setSslContext, grpc::build));
    }
    OtlpHttpMetricExporterBuilder http = OtlpHttpMetricExporter.builder()
        .setEndpoint(metrics.endpoint).setTimeout(timeout).setCompression(metrics.compression)
        .setRetryPolicy(RetryPolicy.getDefault())
        .setComponentLoader(HttpSending.AGENT_SENDER).setExecutorService(HttpSending.executor())
        .setAggregationTemporalitySelector(BuiltOnFirstExport.METRIC_TEMPORALITY)
        .setDefaultAggregationSelector(BuiltOnFirstExport.METRIC_AGGREGATION)
        .setMemoryMode(BuiltOnFirstExport.METRIC_MEMORY_MODE);
    metrics.headers.forEach(http::addHeader);
    return BuiltOnFirstExport.metrics(tls.building(http::setSslContext, http::build));
  }

  /**
   * The Prometheus exporter's server, started from one of our daemon threads: the JDK HTTP server's dispatcher
   * thread inherits daemon status from the thread that starts it, and must never keep the application alive.
   */
  private static PrometheusHttpServer prometheus(String host, int port) throws Throwable {
    ExecutorService handlers = Executors.newFixedThreadPool(2, r -> new InternalThread(r, "tracer-metrics-http"));
    AtomicReference<Object> result = new AtomicReference<>();
    Thread starter = new InternalThread(() -> {
      try {
        // the builder's registry is a fresh one, not Prometheus' default registry; our own executor (untraced
        // threads) needs immutable data: a scrape allocates its snapshot, which is rare enough
        result.set(PrometheusHttpServer.builder().setHost(host).setPort(port).setExecutor(handlers)
            .setMemoryMode(MemoryMode.IMMUTABLE_DATA).build());
      } catch (Throwable t) {
        result.set(t);
      }
    }, "tracer-metrics-start");
    starter.start();
    starter.join();
    if (result.get() instanceof Throwable) {
      handlers.shutdownNow();
      Throwable failure = (Throwable) result.get();
      throw failure.getCause() != null ? failure.getCause() : failure;
    }
    return (PrometheusHttpServer) result.get();
  }

  private static String hostForUrl(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
