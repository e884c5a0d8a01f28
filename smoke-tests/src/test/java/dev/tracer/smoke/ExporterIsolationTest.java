package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.agent.Config;
import dev.tracer.agent.Tracing;
import dev.tracer.exporters.ExporterStats;
import dev.tracer.exporters.Exporters;
import dev.tracer.testing.FaultProxy;
import dev.tracer.testing.Waiting;
import dev.tracer.testing.ZipkinServer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #21, 4 to 6: every exporter gets every batch on its own; one that hangs, refuses or blocks drops only
 * its own spans, the counters say so per exporter, and the exit stays within its budget whatever they do.
 */
class ExporterIsolationTest {

  private static Map<String, String> props(String service) {
    Map<String, String> props = new HashMap<>();
    props.put("tracer.service.name", service);
    props.put("tracer.queue.capacity", "8192");
    props.put("tracer.batch.size", "512");
    props.put("tracer.export.timeout", "500ms");
    return props;
  }

  /** One trace of {@code children} + 1 spans (Zipkin lists traces, not spans). */
  private static int endSpans(Tracing tracing, int children) {
    Span root = tracing.tracer.spanBuilder("root").startSpan();
    try (Scope ignored = root.makeCurrent()) {
      for (int i = 0; i < children; i++) {
        tracing.tracer.spanBuilder("child").startSpan().end();
      }
    } finally {
      root.end();
    }
    return children + 1;
  }

  private static ExporterStats stats(Tracing tracing, String exporter) {
    return tracing.queue.exporterStats().stream().filter(s -> s.exporter.equals(exporter)).findFirst().orElseThrow();
  }

  @Test
  @Timeout(120)
  void hangingOtlpDoesNotStarveARealZipkin() throws Exception {
    ZipkinServer zipkin = ZipkinServer.shared();
    String service = "isolation-" + System.nanoTime();
    try (FaultProxy otlp = new FaultProxy().hang()) {
      Map<String, String> props = props(service);
      props.put("tracer.exporter", "otlp,zipkin");
      props.put("tracer.otlp.endpoint", otlp.url());
      props.put("tracer.zipkin.endpoint", zipkin.endpoint());
      props.put("tracer.export.timeout", "5s"); // Zipkin takes its time with 512 spans on a busy machine
      Tracing tracing = Pipelines.create(props);
      int ended = endSpans(tracing, 5000);
      Waiting.until(() -> stats(tracing, "zipkin").exported == ended, 60);
      tracing.shutdown();

      assertThat(zipkin.awaitSpans(service, ended, 30)).hasSize(ended);
      ExporterStats zipkinStats = stats(tracing, "zipkin");
      ExporterStats otlpStats = stats(tracing, "otlp");
      assertThat(zipkinStats.exported).isEqualTo(ended);
      assertThat(zipkinStats.dropped).isZero();
      assertThat(otlpStats.exported).isZero();
      assertThat(otlpStats.dropped).as("every span counted once for otlp").isEqualTo(ended);
      assertThat(tracing.queue.stats().toString())
          .contains("otlp: exported=0 dropped=" + ended).contains("zipkin: exported=" + ended + " dropped=0");
    }
  }

  @Test
  @Timeout(120)
  void refusingZipkinDoesNotHideWhatLoggingPrinted() throws Exception {
    try (FaultProxy zipkin = new FaultProxy().down()) {
      Map<String, String> props = props("isolation-logging");
      props.put("tracer.exporter", "zipkin,logging");
      props.put("tracer.zipkin.endpoint", zipkin.url() + "/api/v2/spans");
      Tracing tracing = Pipelines.create(props);
      int ended = endSpans(tracing, 99);
      tracing.shutdown();
      assertThat(stats(tracing, "logging").exported).isEqualTo(ended);
      assertThat(stats(tracing, "logging").dropped).isZero();
      assertThat(stats(tracing, "zipkin").exported).isZero();
      assertThat(stats(tracing, "zipkin").dropped).isEqualTo(ended);
      assertThat(stats(tracing, "zipkin").exportFailures).isPositive();
    }
  }

  /** An extension's exporter whose every call blocks until the test ends (a deadlocked or synchronized one). */
  static final class BlockingExporter implements SpanExporter {
    final CountDownLatch release = new CountDownLatch(1);

    private CompletableResultCode block() {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      return block();
    }

    @Override
    public synchronized CompletableResultCode flush() {
      return block();
    }

    @Override
    public synchronized CompletableResultCode shutdown() {
      return block();
    }
  }

  @Test
  @Timeout(120)
  void blockingExporterIsAbandonedAndTheOthersGetEverything() throws Exception {
    BlockingExporter blocking = new BlockingExporter();
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    Map<String, String> props = props("isolation-blocking");
    props.put("tracer.flush.interval", "50ms");
    props.put("tracer.metrics.exporter", "none");
    Tracing tracing = Tracing.create(new Config(new HashMap<>(), props), memory, List.of(blocking));
    try {
      int ended = 0;
      for (int round = 0; round < 4; round++) {
        ended += endSpans(tracing, 999);
        int expected = ended;
        Waiting.until(() -> memory.getFinishedSpanItems().size() == expected, 30);
      }
      assertThat(memory.getFinishedSpanItems()).hasSize(ended); // (its shutdown forgets them)
      tracing.shutdown(); // returns although the blocking exporter's export and shutdown never do
      assertThat(stats(tracing, "InMemorySpanExporter").exported).isEqualTo(ended);
      assertThat(stats(tracing, "BlockingExporter").exported).isZero();
      assertThat(stats(tracing, "BlockingExporter").dropped).isEqualTo(ended);
    } finally {
      blocking.release.countDown();
    }
  }

  /** Issue #21, 6: spans and the last metrics export share one exit budget, with OTLP hanging for both. */
  @Test
  @Timeout(120)
  void wholeExitWithinOneBudgetWhenOtlpHangs() throws Exception {
    try (FaultProxy otlp = new FaultProxy().hang()) {
      Map<String, String> props = props("isolation-exit");
      props.put("tracer.exporter", "otlp");
      props.put("tracer.otlp.endpoint", otlp.url());
      props.put("tracer.metrics.exporter", "otlp");
      // far beyond the exit budget: an exit that waits for any export call's own timeout shows
      props.put("tracer.export.timeout", "60s");
      Config config = new Config(new HashMap<>(), props);
      Tracing tracing = Tracing.create(config, Exporters.create(Tracing.exportSettings(config)), List.of());
      int ended = endSpans(tracing, 100);
      long start = System.nanoTime();
      tracing.shutdown();
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // the budget is 5 s; a wide margin for a loaded machine, far below the 60 s an unbounded call would take
      assertThat(tookMillis).isLessThan(20_000);
      assertThat(tracing.queue.stats().dropped).isEqualTo(ended);
    }
  }
}
