package dev.tracer.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The steady-state benchmark's parsing and its load generator's paths; the measurement runs only in boot-steady.sh. */
class SideBySideTest {
  /** As JDK 17 prints it (trimmed); JDK 21 and later print no Metaspace category apart. */
  private static final String NMT = String.join("\n",
      "10220:",
      "",
      "Native Memory Tracking:",
      "",
      "Total: reserved=2102650KB, committed=747102KB",
      "       malloc: 42366KB #572261",
      "       mmap:   reserved=2060284KB, committed=704736KB",
      "",
      "-                 Java Heap (reserved=524288KB, committed=524288KB)",
      "                            (mmap: reserved=524288KB, committed=524288KB) ",
      " ",
      "-                     Class (reserved=1050429KB, committed=14397KB)",
      "                            (classes #18693)",
      "                            (  instance classes #17298, array classes #1395)",
      "                            (malloc=1853KB #37340) (at peak) ",
      "                            (mmap: reserved=1048576KB, committed=12544KB) ",
      "                            (  Metadata:   )",
      "                            (    reserved=131072KB, committed=77568KB)",
      "                            (    used=77233KB)",
      "                            (    waste=335KB =0.43%)",
      "                            (  Class space:)",
      "                            (    reserved=1048576KB, committed=12544KB)",
      "                            (    used=12281KB)",
      "                            (    waste=263KB =2.09%)",
      " ",
      "-                    Thread (reserved=40044KB, committed=3268KB)",
      "                            (thread #40)",
      "-    Native Memory Tracking (reserved=9074KB, committed=9074KB)",
      "-                 Metaspace (reserved=131419KB, committed=77915KB)",
      "");

  @Test
  void nativeMemorySummaryIsReadInMegabytes() {
    SideBySide.Nmt nmt = SideBySide.Nmt.parse(NMT);
    assertThat(nmt.committedMb).isCloseTo(747102 / 1024.0, within(1e-9));
    assertThat(nmt.categories.keySet())
        .containsExactly("Java Heap", "Class", "Thread", "Native Memory Tracking", "Metaspace");
    assertThat(nmt.category("Java Heap")).isEqualTo(512.0);
    assertThat(nmt.classes).isEqualTo(18693);
    assertThat(nmt.metadataUsedMb).isCloseTo(77233 / 1024.0, within(1e-9));
    assertThat(nmt.classSpaceUsedMb).isCloseTo(12281 / 1024.0, within(1e-9));
    assertThat(nmt.classMetadataMb()).isCloseTo((14397 + 77915) / 1024.0, within(1e-9));

    SideBySide.Nmt nothing = SideBySide.Nmt.parse("12345:\nNative memory tracking is not enabled\n");
    assertThat(nothing.committedMb).isNaN();
    assertThat(nothing.classes).isEqualTo(-1);
    assertThat(nothing.classMetadataMb()).isNaN();
  }

  @Test
  void heapUsedIsTheFirstUsedOfHeapInfo() {
    assertThat(Harness.heapUsedMb(" garbage-first heap   total 524288K, used 32051K [0x00000000e0000000, 0x0000000100000000)\n"
        + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n")).isCloseTo(32051 / 1024.0, within(1e-9));
    assertThat(Harness.heapUsedMb("no such process")).isNaN();
  }

  @Test
  void pathRangesAreRandomNumbersWithinThem() {
    for (int i = 0; i < 200; i++) {
      String path = LoadGenerator.expand("/shop/customers/customer-{1-3}/x/{7-7}");
      assertThat(path).matches("/shop/customers/customer-[123]/x/7");
    }
    assertThat(LoadGenerator.expand("/shop/catalog")).isEqualTo("/shop/catalog");
  }

  @Test
  void tableOfSomeMetricsOnly() {
    Report report = new Report(List.of(Report.NONE, Report.TRACER));
    RunResult none = new RunResult();
    none.cpuMillisPerRequest = 2.0;
    none.p99Millis = 10;
    RunResult tracer = new RunResult();
    tracer.cpuMillisPerRequest = 2.2;
    tracer.p99Millis = 11;
    report.add(Report.NONE, none);
    report.add(Report.TRACER, tracer);
    assertThat(report.table(RunResult.Metric.CPU_PER_REQUEST, RunResult.Metric.P99)).isEqualTo(
        "| median | no agent | tracer |\n|---|---:|---:|\n"
            + "| CPU per request (both JVMs), ms | 2.000 | 2.200 (1.10×) |\n"
            + "| latency p99, ms | 10.00 | 11.00 (1.10×) |\n");
  }
}
