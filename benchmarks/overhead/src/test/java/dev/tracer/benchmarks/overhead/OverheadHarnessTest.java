package dev.tracer.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's arithmetic and its receiver's span count; the measurements themselves run only in run.sh. */
class OverheadHarnessTest {
  @Test
  void receiverCountsTheSpansOfARealOtlpRequest() throws Exception {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    Tracer one = provider.get("one");
    Tracer two = provider.get("two");
    for (int i = 0; i < 3; i++) {
      one.spanBuilder("a").setAttribute("k", "v").startSpan().end();
    }
    two.spanBuilder("b").startSpan().end();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(exporter.getFinishedSpanItems()).writeBinaryTo(body);
    provider.shutdown();

    assertThat(OtlpSink.countSpans(body.toByteArray())).isEqualTo(4);
    assertThat(OtlpSink.countSpans(new byte[0])).isZero();
  }

  @Test
  void percentileIsNearestRank() {
    long[] sorted = new long[100];
    for (int i = 0; i < 100; i++) {
      sorted[i] = i + 1;
    }
    assertThat(LoadGenerator.percentile(sorted, 0.50)).isEqualTo(50);
    assertThat(LoadGenerator.percentile(sorted, 0.99)).isEqualTo(99);
    assertThat(LoadGenerator.percentile(new long[] {7}, 0.99)).isEqualTo(7);
    assertThat(LoadGenerator.percentile(new long[0], 0.5)).isZero();
  }

  @Test
  void tableShowsMediansWithRatiosAndTargetsSayMetOrMissed() {
    Report report = new Report(List.of(Report.NONE, Report.TRACER, Report.OTEL, Report.DISABLED));
    report.add(Report.NONE, run(1000, 1000, 200, 0.30, 10));
    report.add(Report.NONE, run(1200, 900, 210, 0.30, 10));
    report.add(Report.NONE, run(1100, 1100, 190, 0.30, 10));
    report.add(Report.TRACER, run(1300, 980, 230, 0.33, 10.4));
    report.add(Report.OTEL, run(4100, 800, 400, 0.45, 15));
    report.add(Report.DISABLED, run(1100, 950, 200, 0.30, 10));
    // a sample that measured something else (heap, say) does not count in these medians
    RunResult heapOnly = new RunResult();
    heapOnly.heapMb = 20;
    report.add(Report.NONE, heapOnly);
    report.add(Report.NONE, heapOnly);

    assertThat(report.median(Report.NONE, RunResult.Metric.THROUGHPUT)).isEqualTo(1000);
    assertThat(report.median(Report.NONE, RunResult.Metric.HEAP)).isEqualTo(20);
    assertThat(report.median(Report.TRACER, RunResult.Metric.HEAP)).isNaN();
    assertThat(report.table())
        .contains("| throughput, requests/s | 1000 | 980 (0.98×) | 800 (0.80×) | 950 (0.95×) |")
        .contains("| start-up to first served request, ms | 1100 | 1300 (1.18×) | 4100 (3.73×) | 1100 (1.00×) |");
    assertThat(report.targets()).containsExactly(
        "- met: throughput ≥ 0.97 × no agent — 0.980×",
        "- **missed**: CPU per request ≤ 1.05 × no agent — 1.100×",
        "- met: p99 latency ≤ 1.05 × no agent — 1.040×",
        "- met: added start-up ≤ 1/4 of the OpenTelemetry agent's — +200 ms vs +3000 ms (limit 750 ms, 0.07 of it)",
        "- met: added peak RSS ≤ 1/4 of the OpenTelemetry agent's — +30 MB vs +200 MB (limit 50 MB, 0.15 of it)",
        "- met: throughput above the OpenTelemetry agent's ratio — 0.980× vs 0.800×",
        "- **missed**: disabled throughput ≥ 0.99 × no agent — 0.950×");
  }

  private static RunResult run(double startup, double throughput, double rss, double cpuMillis, double p99Millis) {
    RunResult run = new RunResult();
    run.startupMillis = startup;
    run.throughput = throughput;
    run.peakRssMb = rss;
    run.cpuMillisPerRequest = cpuMillis;
    run.p99Millis = p99Millis;
    return run;
  }
}
