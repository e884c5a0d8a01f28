package dev.tracer.exporters;

import dev.tracer.api.PipelineStats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * RED metrics derived from finished spans: per service, span kind, span name (and HTTP status class when the
 * span has a status code) a call count, an error count and a duration histogram. Fed with whole batches by the
 * span queue's export worker, so the application's threads do no work for it. The queue's own counters are
 * observed at collection time.
 */
public final class SpanMetrics implements Consumer<List<SpanData>> {
  /** Seconds; from sub-millisecond database calls to slow requests. */
  public static final List<Double> DURATION_BUCKETS =
      Arrays.asList(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> SPAN_KIND = AttributeKey.stringKey("span.kind");
  static final AttributeKey<String> SPAN_NAME = AttributeKey.stringKey("span.name");
  static final AttributeKey<String> STATUS_CLASS = AttributeKey.stringKey("http.status_class");
  private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  /** The name before semantic conventions 1.23, still set by some instrumentations. */
  private static final AttributeKey<Long> HTTP_STATUS_OLD = AttributeKey.longKey("http.status_code");

  private final LongCounter calls;
  private final LongCounter errors;
  private final DoubleHistogram duration;

  public SpanMetrics(Meter meter) {
    calls = meter.counterBuilder("tracer.span.calls").setUnit("{call}")
        .setDescription("Finished spans (calls), by service, span kind, span name and HTTP status class").build();
    errors = meter.counterBuilder("tracer.span.errors").setUnit("{call}")
        .setDescription("Finished spans with status ERROR").build();
    duration = meter.histogramBuilder("tracer.span.duration").setUnit("s")
        .setDescription("Duration of finished spans").setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
  }

  static final AttributeKey<String> EXPORTER = AttributeKey.stringKey("exporter");

  /**
   * The span pipeline's counters as metrics, read when the metrics are collected. Exported, dropped and
   * failures are per exporter ({@code exporter} attribute) when the pipeline is our span queue: each exporter
   * gets every span, and each span ends as exported or dropped for each one.
   */
  public static void observe(Meter meter, PipelineStats stats) {
    meter.counterBuilder("tracer.queue.enqueued").setUnit("{span}").setDescription("Spans accepted into the export queue")
        .buildWithCallback(m -> m.record(stats.enqueued()));
    SpanQueue queue = stats instanceof SpanQueue ? (SpanQueue) stats : null;
    meter.counterBuilder("tracer.queue.dropped").setUnit("{span}")
        .setDescription("Spans lost: queue full, shutting down, or their export failed")
        .buildWithCallback(m -> {
          if (queue == null) {
            m.record(stats.dropped());
            return;
          }
          for (ExporterStats one : queue.exporterStats()) {
            m.record(one.dropped, Attributes.of(EXPORTER, one.exporter));
          }
        });
    meter.counterBuilder("tracer.queue.exported").setUnit("{span}").setDescription("Spans the exporters accepted")
        .buildWithCallback(m -> {
          if (queue == null) {
            m.record(stats.exported());
            return;
          }
          for (ExporterStats one : queue.exporterStats()) {
            m.record(one.exported, Attributes.of(EXPORTER, one.exporter));
          }
        });
    meter.counterBuilder("tracer.queue.export_failures").setUnit("{export}").setDescription("Export calls that failed")
        .buildWithCallback(m -> {
          if (queue == null) {
            m.record(stats.exportFailures());
            return;
          }
          for (ExporterStats one : queue.exporterStats()) {
            m.record(one.exportFailures, Attributes.of(EXPORTER, one.exporter));
          }
        });
    meter.gaugeBuilder("tracer.queue.depth").ofLongs().setUnit("{span}").setDescription("Spans waiting in the queue")
        .buildWithCallback(m -> m.record(stats.queueDepth()));
  }

  @Override
  public void accept(List<SpanData> batch) {
    for (SpanData span : batch) {
      record(span);
    }
  }

  void record(SpanData span) {
    AttributesBuilder builder = Attributes.builder()
        .put(SPAN_KIND, span.getKind().name())
        .put(SPAN_NAME, span.getName());
    String service = span.getResource().getAttribute(SERVICE_NAME);
    if (service != null) {
      builder.put(SERVICE_NAME, service);
    }
    String statusClass = statusClass(span.getAttributes());
    if (statusClass != null) {
      builder.put(STATUS_CLASS, statusClass);
    }
    Attributes attributes = builder.build();
    calls.add(1, attributes);
    // 0 too: every series has an error count, so an error rate is 0 rather than missing
    errors.add(span.getStatus().getStatusCode() == StatusCode.ERROR ? 1 : 0, attributes);
    long nanos = Math.max(0, span.getEndEpochNanos() - span.getStartEpochNanos());
    duration.record(nanos / 1e9, attributes);
  }

  /** {@code 2xx}, {@code 4xx}, ... from the HTTP status code, or null when the span has none. */
  static String statusClass(Attributes attributes) {
    Long code = attributes.get(HTTP_STATUS);
    if (code == null) {
      code = attributes.get(HTTP_STATUS_OLD);
    }
    if (code == null || code < 100 || code > 599) {
      return null;
    }
    return (code / 100) + "xx";
  }
}
