package dev.tracer.benchmarks;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The export worker's side, per span: one batch of 512 finished spans serialized to an OTLP protobuf request,
 * with the marshaler the OTLP exporter uses by default (reusable, low allocation) and the immutable one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ExportBenchmark {
  static final int BATCH = 512;

  private List<SpanData> batch;
  private final LowAllocationTraceRequestMarshaler reusable = new LowAllocationTraceRequestMarshaler();
  private final CountingStream out = new CountingStream();

  @Setup
  public void setUp() {
    batch = batch(BATCH);
  }

  static List<SpanData> batch(int size) {
    InMemorySpanExporter collect = InMemorySpanExporter.create();
    SdkTracerProvider provider = Spans.provider(SimpleSpanProcessor.create(collect));
    Tracer tracer = provider.get("benchmark");
    for (int i = 0; i < size; i++) {
      Spans.querySpan(tracer);
    }
    List<SpanData> spans = collect.getFinishedSpanItems();
    provider.shutdown();
    return spans;
  }

  /** What the OTLP exporter does by default (memory mode REUSABLE_DATA). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long otlpReusable() throws IOException {
    reusable.initialize(batch);
    try {
      reusable.writeBinaryTo(out);
    } finally {
      reusable.reset();
    }
    return out.count;
  }

  /** Memory mode IMMUTABLE_DATA: a marshaler tree per batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long otlpImmutable() throws IOException {
    TraceRequestMarshaler.create(batch).writeBinaryTo(out);
    return out.count;
  }

  /** Counts bytes instead of keeping them: the network is not part of this measurement. */
  static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
