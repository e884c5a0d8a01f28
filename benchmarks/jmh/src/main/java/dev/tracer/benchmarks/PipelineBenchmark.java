package dev.tracer.benchmarks;

import dev.tracer.agent.trace.AgentTracer;
import dev.tracer.exporters.SpanQueue;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Span start + attributes + end + hand-off to the export worker, on the application's threads, through our
 * {@link SpanQueue} and through the SDK's own {@link BatchSpanProcessor} with the same capacity, batch size
 * and delay. The exporter only counts, so the score is the pipeline's cost, not a backend's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PipelineBenchmark {
  static final int CAPACITY = 2048;
  static final int BATCH = 512;
  static final long DELAY_MILLIS = 1000;
  /** System property: a file each trial appends {@code processor threads ended exported} to. */
  static final String STATS_FILE = "pipeline.stats";

  /**
   * {@code tracer}: the agent's own pipeline, its spans ({@link AgentTracer}) into {@link SpanQueue};
   * {@code SpanQueue}: the SDK's spans into our queue; {@code BatchSpanProcessor}: the SDK's spans and processor;
   * {@code handoff}: SDK spans into a processor that only publishes the ended span, the ceiling of the SDK's spans.
   */
  @Param({"tracer", "SpanQueue", "BatchSpanProcessor", "handoff"})
  public String processor;

  private SdkTracerProvider provider;
  private Tracer tracer;
  private SpanQueue queue;
  private final Spans.CountingExporter exporter = new Spans.CountingExporter();
  private final LongAdder ended = new LongAdder();

  @Setup(Level.Trial)
  public void setUp() {
    if ("tracer".equals(processor)) {
      queue = new SpanQueue(exporter, CAPACITY, BATCH, DELAY_MILLIS, 10_000);
      tracer = new AgentTracer(Spans.RESOURCE, Sampler.parentBased(Sampler.alwaysOn()), queue);
      return;
    }
    provider = Spans.provider(processor(processor, exporter));
    tracer = provider.get("benchmark");
  }

  SpanProcessor processor(String name, Spans.CountingExporter exporter) {
    if ("SpanQueue".equals(name)) {
      queue = new SpanQueue(exporter, CAPACITY, BATCH, DELAY_MILLIS, 10_000);
      return queue;
    }
    if ("handoff".equals(name)) {
      return new Handoff();
    }
    return BatchSpanProcessor.builder(exporter)
        .setMaxQueueSize(CAPACITY)
        .setMaxExportBatchSize(BATCH)
        .setScheduleDelay(Duration.ofMillis(DELAY_MILLIS))
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) throws IOException {
    if (provider != null) {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    } else {
      queue.shutdown(10_000);
    }
    long total = ended.sum();
    long delivered = exporter.exported.sum();
    // a dropped span is cheaper than a delivered one: the report shows how many were dropped next to the score
    System.out.printf("%n%s: %d spans ended, %d exported (%.1f%%)%n", processor, total, delivered,
        total == 0 ? 0.0 : 100.0 * delivered / total);
    String stats = System.getProperty(STATS_FILE);
    if (stats != null) {
      Files.write(Paths.get(stats), (processor + " " + params.getThreads() + " " + total + " " + delivered + "\n")
          .getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  private void span() {
    Spans.querySpan(tracer);
    ended.increment();
  }

  @Benchmark
  @Threads(1)
  public void threads1() {
    span();
  }

  @Benchmark
  @Threads(2)
  public void threads2() {
    span();
  }

  @Benchmark
  @Threads(4)
  public void threads4() {
    span();
  }

  /** Publishes each ended span to a volatile field and nothing else: what any hand-off costs at least. */
  static final class Handoff implements SpanProcessor {
    volatile ReadableSpan last;

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      last = span;
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  /** For the module's test: one span through the chosen processor, then a flush, returns what was exported. */
  long oneSpanExported() {
    setUp();
    span();
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    long exported = exporter.exported.sum();
    if (provider != null) {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    } else {
      queue.shutdown(10_000);
    }
    return exported;
  }
}
