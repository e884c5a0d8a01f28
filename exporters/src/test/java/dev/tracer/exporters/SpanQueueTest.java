package dev.tracer.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SpanQueueTest {
  private static final SpanData SPAN = TestSpanData.builder()
      .setName("span").setKind(SpanKind.INTERNAL).setStartEpochNanos(1).setEndEpochNanos(2)
      .setStatus(StatusData.unset()).setHasEnded(true).build();

  /** Counts what it is given; optionally waits on a gate before accepting a batch (a slow backend). */
  static final class CountingExporter implements SpanExporter {
    final AtomicInteger spans = new AtomicInteger();
    final List<Integer> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch gate;

    CountingExporter(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      spans.addAndGet(batch.size());
      batches.add(batch.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  private static void produce(SpanQueue queue, int threads, int perThread) throws InterruptedException {
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread producer = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          queue.offer(SPAN);
        }
      });
      producers.add(producer);
      producer.start();
    }
    for (Thread producer : producers) {
      producer.join();
    }
  }

  @Test
  void fourProducersNothingLostWhenNotFull() throws Exception {
    CountingExporter exporter = new CountingExporter(new CountDownLatch(0));
    SpanQueue queue = new SpanQueue(exporter, 40_000, 512, 20, 10_000);
    produce(queue, 4, 10_000);
    queue.shutdown(10_000);
    QueueStats stats = queue.stats();
    assertThat(stats.dropped).isZero();
    assertThat(stats.enqueued).isEqualTo(40_000);
    assertThat(exporter.spans.get()).isEqualTo(40_000);
    assertThat(stats.exported).isEqualTo(40_000);
    assertThat(exporter.batches).allSatisfy(size -> assertThat(size).isBetween(1, 512));
  }

  @Test
  void overflowDropsAndCountsNeverBlocks() throws Exception {
    CountDownLatch backendStuck = new CountDownLatch(1);
    CountingExporter exporter = new CountingExporter(backendStuck);
    SpanQueue queue = new SpanQueue(exporter, 64, 16, 10, 30_000);
    produce(queue, 4, 5_000); // returns although the backend accepts nothing meanwhile
    QueueStats during = queue.stats();
    assertThat(during.dropped).isPositive();
    assertThat(during.depth).isLessThanOrEqualTo(64);
    backendStuck.countDown();
    queue.shutdown(10_000);
    QueueStats stats = queue.stats();
    assertThat(stats.exported + stats.dropped).isEqualTo(20_000);
    assertThat(exporter.spans.get()).isEqualTo((int) stats.exported);
  }

  @Test
  void shutdownFlushesWhatIsQueued() {
    CountingExporter exporter = new CountingExporter(new CountDownLatch(0));
    SpanQueue queue = new SpanQueue(exporter, 1000, 512, TimeUnit.HOURS.toMillis(1), 10_000);
    for (int i = 0; i < 100; i++) {
      queue.offer(SPAN);
    }
    queue.shutdown(5_000);
    assertThat(exporter.spans.get()).isEqualTo(100);
    assertThat(queue.offer(SPAN)).as("closed after shutdown").isFalse();
  }

  @Test
  void fullBatchIsExportedWithoutWaitingForTheInterval() throws Exception {
    CountingExporter exporter = new CountingExporter(new CountDownLatch(0));
    SpanQueue queue = new SpanQueue(exporter, 1000, 5, TimeUnit.HOURS.toMillis(1), 10_000);
    for (int i = 0; i < 10; i++) {
      queue.offer(SPAN);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (exporter.spans.get() < 10 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(exporter.batches).containsExactly(5, 5);
    queue.shutdown(1000);
  }

  @Test
  void forceFlushExportsPartialBatch() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SpanQueue queue = new SpanQueue(exporter, 1000, 512, TimeUnit.HOURS.toMillis(1), 10_000);
    queue.offer(SPAN);
    queue.offer(SPAN);
    assertThat(queue.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(exporter.getFinishedSpanItems()).hasSize(2);
    queue.shutdown(1000);
  }

  @Test
  void onlySampledSpansAreQueuedFromTheSdk() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SpanQueue queue = new SpanQueue(exporter, 1000, 512, 10, 10_000);
    SdkTracerProvider on = SdkTracerProvider.builder().addSpanProcessor(queue).build();
    Tracer tracer = on.get("test");
    tracer.spanBuilder("kept").startSpan().end();
    SdkTracerProvider off = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).addSpanProcessor(queue).build();
    off.get("test").spanBuilder("not-sampled").startSpan().end();
    queue.forceFlush().join(10, TimeUnit.SECONDS);
    assertThat(exporter.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("kept");
    queue.shutdown(5000);
  }

  @Test
  void failedExportsAreCountedAsDropped() {
    SpanExporter failing = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofFailure();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    SpanQueue queue = new SpanQueue(failing, 1000, 10, 10, 10_000);
    for (int i = 0; i < 25; i++) {
      queue.offer(SPAN);
    }
    queue.shutdown(5000);
    QueueStats stats = queue.stats();
    assertThat(stats.exported).isZero();
    assertThat(stats.dropped).isEqualTo(25);
    assertThat(stats.exportFailures).isEqualTo(3);
  }
}
