package dev.tracer.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpanMetricsTest {
  private static final long MS = 1_000_000;

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final SpanMetrics metrics = new SpanMetrics(provider.get("test"));

  static SpanData span(String service, SpanKind kind, String name, long durationNanos, boolean error, Attributes attributes) {
    return TestSpanData.builder()
        .setName(name).setKind(kind)
        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
        .setStartEpochNanos(1_000).setEndEpochNanos(1_000 + durationNanos)
        .setStatus(error ? StatusData.error() : StatusData.unset())
        .setAttributes(attributes)
        .setHasEnded(true).build();
  }

  static Attributes series(String service, String kind, String name, String statusClass) {
    io.opentelemetry.api.common.AttributesBuilder b = Attributes.builder()
        .put("service.name", service).put("span.kind", kind).put("span.name", name);
    if (statusClass != null) {
      b.put("http.status_class", statusClass);
    }
    return b.build();
  }

  private MetricData metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
  }

  private static long count(MetricData metric, Attributes attributes) {
    return metric.getLongSumData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
        .mapToLong(LongPointData::getValue).sum();
  }

  private static HistogramPointData histogram(MetricData metric, Attributes attributes) {
    return metric.getHistogramData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
        .findFirst().orElseThrow(() -> new AssertionError("no histogram point for " + attributes));
  }

  @Test
  void countsErrorsAndDurationsPerServiceKindAndName() {
    Attributes none = Attributes.empty();
    metrics.accept(Arrays.asList(
        span("shop", SpanKind.CLIENT, "SELECT orders", MS / 2, false, none),
        span("shop", SpanKind.CLIENT, "SELECT orders", 3 * MS, false, none),
        span("shop", SpanKind.CLIENT, "SELECT orders", 40 * MS, true, none),
        span("billing", SpanKind.CLIENT, "SELECT orders", 2 * MS, false, none),
        span("shop", SpanKind.INTERNAL, "SELECT orders", 2 * MS, false, none)));

    Collection<MetricData> all = reader.collectAllMetrics();
    Attributes shopSelect = series("shop", "CLIENT", "SELECT orders", null);
    MetricData calls = metric(all, "tracer.span.calls");
    assertThat(count(calls, shopSelect)).isEqualTo(3);
    assertThat(count(calls, series("billing", "CLIENT", "SELECT orders", null))).isEqualTo(1);
    assertThat(count(calls, series("shop", "INTERNAL", "SELECT orders", null))).isEqualTo(1);
    assertThat(calls.getLongSumData().getPoints()).hasSize(3);
    assertThat(calls.getLongSumData().isMonotonic()).isTrue();

    MetricData errors = metric(all, "tracer.span.errors");
    assertThat(count(errors, shopSelect)).isEqualTo(1);
    assertThat(count(errors, series("billing", "CLIENT", "SELECT orders", null))).isZero();
    // every series has an error count, zero included
    assertThat(errors.getLongSumData().getPoints()).hasSize(3);

    MetricData duration = metric(all, "tracer.span.duration");
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData point = histogram(duration, shopSelect);
    assertThat(point.getBoundaries()).isEqualTo(SpanMetrics.DURATION_BUCKETS);
    assertThat(point.getCount()).isEqualTo(3);
    assertThat(point.getSum()).isCloseTo(0.0435, org.assertj.core.data.Offset.offset(1e-9));
    // 0.5 ms <= 1 ms; 2.5 ms < 3 ms <= 5 ms; 25 ms < 40 ms <= 50 ms
    List<Long> expected = new ArrayList<>(java.util.Collections.nCopies(SpanMetrics.DURATION_BUCKETS.size() + 1, 0L));
    expected.set(0, 1L);
    expected.set(2, 1L);
    expected.set(5, 1L);
    assertThat(point.getCounts()).isEqualTo(expected);
  }

  @Test
  void httpStatusClassSplitsTheSeries() {
    AttributeKey<Long> status = AttributeKey.longKey("http.response.status_code");
    metrics.accept(Arrays.asList(
        span("shop", SpanKind.SERVER, "GET /items", 20 * MS, false, Attributes.of(status, 200L)),
        span("shop", SpanKind.SERVER, "GET /items", 20 * MS, false, Attributes.of(status, 204L)),
        span("shop", SpanKind.SERVER, "GET /items", 20 * MS, false, Attributes.of(status, 404L)),
        span("shop", SpanKind.SERVER, "GET /items", 200 * MS, true, Attributes.of(status, 503L)),
        // the attribute's name before semantic conventions 1.23
        span("shop", SpanKind.CLIENT, "POST", 20 * MS, false, Attributes.of(AttributeKey.longKey("http.status_code"), 201L))));

    Collection<MetricData> all = reader.collectAllMetrics();
    MetricData calls = metric(all, "tracer.span.calls");
    assertThat(count(calls, series("shop", "SERVER", "GET /items", "2xx"))).isEqualTo(2);
    assertThat(count(calls, series("shop", "SERVER", "GET /items", "4xx"))).isEqualTo(1);
    assertThat(count(calls, series("shop", "SERVER", "GET /items", "5xx"))).isEqualTo(1);
    assertThat(count(calls, series("shop", "CLIENT", "POST", "2xx"))).isEqualTo(1);
    MetricData errors = metric(all, "tracer.span.errors");
    // a 404 on a server span is not an error (its status stays unset); the 503 is
    assertThat(count(errors, series("shop", "SERVER", "GET /items", "5xx"))).isEqualTo(1);
    assertThat(count(errors, series("shop", "SERVER", "GET /items", "4xx"))).isZero();
    assertThat(errors.getLongSumData().getPoints()).allMatch(p -> p.getValue() == (p.getAttributes().equals(
        series("shop", "SERVER", "GET /items", "5xx")) ? 1 : 0));
    assertThat(histogram(metric(all, "tracer.span.duration"), series("shop", "SERVER", "GET /items", "5xx")).getCounts()
        .get(SpanMetrics.DURATION_BUCKETS.indexOf(0.25))).isEqualTo(1);
  }

  @Test
  void statusClassOnlyForValidCodes() {
    AttributeKey<Long> status = AttributeKey.longKey("http.response.status_code");
    assertThat(SpanMetrics.statusClass(Attributes.of(status, 302L))).isEqualTo("3xx");
    assertThat(SpanMetrics.statusClass(Attributes.of(status, 99L))).isNull();
    assertThat(SpanMetrics.statusClass(Attributes.of(status, 600L))).isNull();
    assertThat(SpanMetrics.statusClass(Attributes.empty())).isNull();
  }

  @Test
  void fedByTheExportWorkerNotTheApplicationThread() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SpanQueue queue = new SpanQueue(exporter, 100, 10, 20, 1000);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    queue.observeBatches(batch -> {
      threads.add(Thread.currentThread().getName());
      metrics.accept(batch);
    });
    SpanMetrics.observe(provider.get("test"), queue);
    for (int i = 0; i < 5; i++) {
      assertThat(queue.offer(span("shop", SpanKind.CLIENT, "GET", MS, i == 0, Attributes.empty()))).isTrue();
    }
    queue.forceFlush().join(5, TimeUnit.SECONDS);
    assertThat(exporter.getFinishedSpanItems()).hasSize(5);
    assertThat(threads).containsExactly("tracer-export");

    Collection<MetricData> all = reader.collectAllMetrics();
    Attributes get = series("shop", "CLIENT", "GET", null);
    assertThat(count(metric(all, "tracer.span.calls"), get)).isEqualTo(5);
    assertThat(count(metric(all, "tracer.span.errors"), get)).isEqualTo(1);
    assertThat(count(metric(all, "tracer.queue.enqueued"), Attributes.empty())).isEqualTo(5);
    // per exporter, named by its class when it is not one of ours
    Attributes inMemory = Attributes.of(SpanMetrics.EXPORTER, "InMemorySpanExporter");
    assertThat(count(metric(all, "tracer.queue.exported"), inMemory)).isEqualTo(5);
    assertThat(count(metric(all, "tracer.queue.dropped"), inMemory)).isZero();
    assertThat(count(metric(all, "tracer.queue.export_failures"), inMemory)).isZero();
    assertThat(metric(all, "tracer.queue.depth").getLongGaugeData().getPoints()).hasSize(1);
    queue.shutdown(1000);
  }
}
