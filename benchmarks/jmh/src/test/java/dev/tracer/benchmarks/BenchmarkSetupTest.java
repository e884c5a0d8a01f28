package dev.tracer.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they say: spans reach the exporter through each processor, batches serialize. */
class BenchmarkSetupTest {
  @Test
  void spanReachesTheExporterThroughSpanQueue() {
    PipelineBenchmark benchmark = new PipelineBenchmark();
    benchmark.processor = "SpanQueue";
    assertThat(benchmark.oneSpanExported()).isEqualTo(1);
  }

  @Test
  void spanReachesTheExporterThroughBatchSpanProcessor() {
    PipelineBenchmark benchmark = new PipelineBenchmark();
    benchmark.processor = "BatchSpanProcessor";
    assertThat(benchmark.oneSpanExported()).isEqualTo(1);
  }

  @Test
  void bothMarshalersWriteTheSameRequest() throws IOException {
    ExportBenchmark benchmark = new ExportBenchmark();
    benchmark.setUp();
    long reusable = benchmark.otlpReusable();
    long both = benchmark.otlpImmutable();
    assertThat(reusable).isGreaterThan(512 * 50L);
    assertThat(both).isEqualTo(2 * reusable);
  }

  @Test
  void bothLogMdcApproachesGiveTheLogEventTheSpansIds() {
    for (String approach : new String[] {"atLogEvent", "atSpanScope"}) {
      LogMdcBenchmark benchmark = new LogMdcBenchmark();
      benchmark.approach = approach;
      benchmark.logEvents = 1;
      benchmark.setUp();
      try {
        assertThat(benchmark.spanWithLogEvents()).as(approach).isEqualTo(4); // user + the three ids
        benchmark.logEvents = 0;
        assertThat(benchmark.spanWithLogEvents()).isZero();
        assertThat(benchmark.eventMdcWithCurrentIds()).as("outside a span, after " + approach).containsOnlyKeys("user");
      } finally {
        benchmark.tearDown();
      }
    }
  }
}
