package dev.tracer.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** JVM runtime metrics: semantic-convention names, units and attributes, GC durations from notifications. */
class RuntimeMetricsTest {
  private static final AttributeKey<String> POOL = AttributeKey.stringKey("jvm.memory.pool.name");
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("jvm.memory.type");

  /** Collects until {@code done} holds or 20 s have passed; the last collection. */
  private static Collection<MetricData> collectUntil(InMemoryMetricReader reader, Predicate<Collection<MetricData>> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    Collection<MetricData> all = reader.collectAllMetrics();
    while (!done.test(all) && System.nanoTime() < deadline) {
      Thread.sleep(50);
      all = reader.collectAllMetrics();
    }
    return all;
  }

  private static Map<String, MetricData> byName(Collection<MetricData> all) {
    return all.stream().collect(Collectors.toMap(MetricData::getName, m -> m, (a, b) -> a));
  }

  @Test
  void semanticConventionNamesUnitsAndAttributes() throws Exception {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    RuntimeMetrics runtime = RuntimeMetrics.startHere(provider);
    try {
      System.gc(); // a collection, announced by a GC notification
      Map<String, MetricData> metrics = byName(collectUntil(reader, all -> byName(all).containsKey("jvm.gc.duration")));
      assertThat(metrics).containsKeys("jvm.memory.used", "jvm.memory.committed", "jvm.memory.limit",
          "jvm.memory.used_after_last_gc", "jvm.gc.duration", "jvm.thread.count", "jvm.class.loaded",
          "jvm.class.unloaded", "jvm.class.count", "jvm.cpu.time", "jvm.cpu.count", "jvm.cpu.recent_utilization",
          "jvm.buffer.memory.used", "jvm.buffer.memory.limit", "jvm.buffer.count");
      assertThat(metrics.get("jvm.memory.used").getUnit()).isEqualTo("By");
      assertThat(metrics.get("jvm.gc.duration").getUnit()).isEqualTo("s");
      assertThat(metrics.get("jvm.cpu.time").getUnit()).isEqualTo("s");
      assertThat(metrics.get("jvm.cpu.recent_utilization").getUnit()).isEqualTo("1");
      // heap and non-heap pools, each by name
      assertThat(metrics.get("jvm.memory.used").getLongSumData().getPoints())
          .anySatisfy(p -> {
            assertThat(p.getAttributes().get(TYPE)).isEqualTo("heap");
            assertThat(p.getAttributes().get(POOL)).isNotEmpty();
            assertThat(p.getValue()).isPositive();
          })
          .anySatisfy(p -> assertThat(p.getAttributes().get(TYPE)).isEqualTo("non_heap"));
      // the explicit System.gc() above: the collector's name and its action
      assertThat(metrics.get("jvm.gc.duration").getHistogramData().getPoints()).anySatisfy(p -> {
        assertThat(p.getAttributes().get(AttributeKey.stringKey("jvm.gc.name"))).isNotEmpty();
        assertThat(p.getAttributes().get(AttributeKey.stringKey("jvm.gc.action"))).startsWith("end of");
        assertThat(p.getCount()).isPositive();
      });
      assertThat(metrics.get("jvm.thread.count").getLongSumData().getPoints()).anySatisfy(p -> {
        assertThat(p.getAttributes().get(AttributeKey.booleanKey("jvm.thread.daemon"))).isNotNull();
        assertThat(p.getAttributes().get(AttributeKey.stringKey("jvm.thread.state"))).isEqualTo("runnable");
      });
      assertThat(metrics.get("jvm.class.count").getLongSumData().getPoints()).singleElement()
          .satisfies(p -> assertThat(p.getValue()).isGreaterThan(100));
      assertThat(metrics.get("jvm.cpu.count").getLongSumData().getPoints()).singleElement()
          .satisfies(p -> assertThat(p.getValue()).isEqualTo(Runtime.getRuntime().availableProcessors()));
      assertThat(metrics.get("jvm.buffer.count").getLongSumData().getPoints())
          .anySatisfy(p -> assertThat(p.getAttributes().get(AttributeKey.stringKey("jvm.buffer.pool.name"))).isEqualTo("direct"));
    } finally {
      runtime.close();
    }
    // closed: no observers left, no more series
    assertThat(byName(reader.collectAllMetrics())).doesNotContainKey("jvm.memory.used");
    provider.close();
  }

  @Test
  void onByDefaultOnTheEndpointOffWhenSaidSo() throws Exception {
    for (boolean runtime : new boolean[] {true, false}) {
      int port = MetricsTest.freePort();
      SpanQueue queue = new SpanQueue(InMemorySpanExporter.create(), 10, 10, 20, 1000);
      ExportSettings export = new ExportSettings(Collections.singletonList("none"), "http://127.0.0.1:1", false,
          "http/protobuf", Collections.emptyMap(), "http://127.0.0.1:1", "http://127.0.0.1:1", 1000);
      Metrics metrics = Metrics.create(new MetricsSettings(false, "127.0.0.1", port, 60_000, runtime), export,
          Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")), queue);
      try {
        String url = metrics.prometheusUrl();
        if (runtime) {
          long deadline = System.nanoTime() + 20_000_000_000L;
          String text = MetricsTest.scrape(url);
          while (!text.contains("jvm_gc_duration_seconds_count{") && System.nanoTime() < deadline) {
            System.gc(); // once the listeners are registered, a collection they are told of
            Thread.sleep(50);
            text = MetricsTest.scrape(url);
          }
          // the names the OpenTelemetry Prometheus exporter renders, with the unit and _total suffixes (unit 1: none)
          assertThat(text).contains("# TYPE jvm_memory_used_bytes gauge", "# TYPE jvm_gc_duration_seconds histogram",
              "# TYPE jvm_thread_count gauge", "# TYPE jvm_class_loaded_total counter",
              "# TYPE jvm_cpu_time_seconds_total counter", "# TYPE jvm_cpu_recent_utilization gauge",
              "# TYPE jvm_buffer_memory_used_bytes gauge");
          assertThat(MetricsTest.sample(text, "jvm_memory_used_bytes", "jvm_memory_pool_name=\"Metaspace\"",
              "jvm_memory_type=\"non_heap\"")).isPositive();
        } else {
          String text = MetricsTest.scrape(url);
          assertThat(text).contains("tracer_queue_depth").doesNotContain("jvm_");
        }
      } finally {
        queue.shutdown(1000);
        metrics.shutdown(1000);
      }
    }
  }
}
