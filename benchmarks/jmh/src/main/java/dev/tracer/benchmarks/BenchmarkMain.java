package dev.tracer.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the pipeline and export benchmarks with the GC profiler and writes one Markdown report:
 * {@code BenchmarkMain <out.md>}. Extra JMH settings come from the benchmark classes' annotations.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    Path out = Paths.get(args.length > 0 ? args[0] : "benchmarks/results/pipeline.md");
    Path stats = Files.createTempFile("pipeline-stats", ".txt");
    String loadBefore = loadAverage();
    Options options = new OptionsBuilder()
        .include(PipelineBenchmark.class.getName())
        .include(ExportBenchmark.class.getName())
        .include(AdviceBenchmark.class.getName())
        .addProfiler(GCProfiler.class)
        .jvmArgsAppend("-D" + PipelineBenchmark.STATS_FILE + "=" + stats)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    String markdown = report(results, Files.readAllLines(stats), loadBefore, loadAverage());
    Files.delete(stats);
    System.out.println();
    System.out.println(markdown);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, markdown.getBytes(StandardCharsets.UTF_8));
    System.out.println("written to " + out);
  }

  static String report(Collection<RunResult> results, List<String> statsLines, String loadBefore, String loadAfter) {
    Map<String, Double> score = new HashMap<>();
    Map<String, Double> bytes = new HashMap<>();
    for (RunResult result : results) {
      String method = result.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      String processor = result.getParams().getParam("processor");
      String key = processor == null ? method : processor + " " + result.getParams().getThreads();
      score.put(key, result.getPrimaryResult().getScore());
      Result alloc = result.getSecondaryResults().get("·gc.alloc.rate.norm");
      if (alloc == null) {
        alloc = result.getSecondaryResults().get("gc.alloc.rate.norm");
      }
      if (alloc != null) {
        bytes.put(key, alloc.getScore());
      }
    }
    Map<String, Double> delivered = new HashMap<>();
    Map<String, List<Long>> appBytes = new HashMap<>();
    Map<String, List<Long>> exportCpu = new HashMap<>();
    for (String line : statsLines) {
      String[] parts = line.trim().split(" ");
      if (parts.length == 3 && parts[0].equals("export")) {
        exportCpu.computeIfAbsent(parts[1], t -> new ArrayList<>()).add(Long.parseLong(parts[2]));
        continue;
      }
      if (parts.length == 3 && parts[0].equals("advice")) {
        appBytes.computeIfAbsent(parts[1], t -> new ArrayList<>()).add(Long.parseLong(parts[2]));
        continue;
      }
      if (parts.length == 4 && Long.parseLong(parts[2]) > 0) {
        delivered.put(parts[0] + " " + parts[1], 100.0 * Long.parseLong(parts[3]) / Long.parseLong(parts[2]));
      }
    }
    StringBuilder md = new StringBuilder("# Span pipeline\n\n");
    md.append("Span start + 7 attributes + end + hand-off to the export worker, on the application threads; the exporter "
        + "only counts. `tracer` is the agent's own pipeline (its span type, `AgentTracer`, into `SpanQueue`); "
        + "`SpanQueue` the SDK's spans into our queue; `BatchSpanProcessor` the SDK's spans and processor; `handoff` the "
        + "SDK's spans into a processor that only publishes them (the ceiling of the SDK's spans). Spans per millisecond "
        + "(all threads together), bytes allocated per span (JMH `-prof gc`, all threads, the export worker's included), "
        + "and the share of spans that reached the exporter (the rest were dropped on a full queue: a dropped span "
        + "costs less, so compare the scores together with it).\n\n");
    md.append("| threads | tracer spans/ms | SDK spans + SpanQueue spans/ms | BatchSpanProcessor spans/ms | ratio tracer / BSP "
        + "| handoff (SDK ceiling) spans/ms | tracer B/span | BatchSpanProcessor B/span | exported tracer / BSP "
        + "| exported spans/ms, ratio |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int threads : new int[] {1, 2, 4}) {
      String ours = "tracer " + threads;
      String theirs = "BatchSpanProcessor " + threads;
      md.append("| ").append(threads).append(" | ").append(f(score.get(ours), 0)).append(" | ")
          .append(f(score.get("SpanQueue " + threads), 0)).append(" | ").append(f(score.get(theirs), 0))
          .append(" | ").append(f(ratio(score.get(ours), score.get(theirs)), 2)).append("× | ")
          .append(f(score.get("handoff " + threads), 0)).append(" | ")
          .append(f(bytes.get(ours), 0)).append(" | ").append(f(bytes.get(theirs), 0)).append(" | ")
          .append(f(delivered.get(ours), 1)).append("% / ").append(f(delivered.get(theirs), 1)).append("% | ")
          .append(f(ratio(exported(score, delivered, ours), exported(score, delivered, theirs)), 2)).append("× |\n");
    }
    md.append("\nExport path: a batch of 512 finished spans serialized to an OTLP protobuf request, per span.\n\n");
    md.append("| marshaler | ns/span | B/span |\n|---|---:|---:|\n");
    md.append("| reusable (the OTLP exporter's default) | ").append(f(score.get("otlpReusable"), 0)).append(" | ")
        .append(f(bytes.get("otlpReusable"), 0)).append(" |\n");
    md.append("| immutable | ").append(f(score.get("otlpImmutable"), 0)).append(" | ")
        .append(f(bytes.get("otlpImmutable"), 0)).append(" |\n\n");
    md.append("The whole export of that batch — serialization and the HTTP request until the answer — to a receiver "
        + "on loopback in the same JVM, per span: wall time (waiting for the answer included), CPU time of the whole "
        + "process (every thread: exporter, HTTP client, the receiver's reading, GC; median of the iterations) and "
        + "bytes allocated.\n\n");
    md.append("| sender | ns/span, wall | ns/span, CPU | B/span |\n|---|---:|---:|---:|\n");
    String[][] senders = {
        {"sendUrlConnection", "HttpURLConnection, on the agent's threads (what `TRACER_EXPORTER=otlp` builds)"},
        {"sendUrlConnectionGzip", "the same with `TRACER_OTLP_COMPRESSION=gzip`"},
        {"sendJdkHttpClient", "JDK HttpClient (the agent's sender before)"},
        {"sendOkHttp", "OkHttp (the OTLP exporter's default sender)"}};
    for (String[] sender : senders) {
      md.append("| ").append(sender[1]).append(" | ").append(f(score.get(sender[0]), 0)).append(" | ")
          .append(f(median(exportCpu.get(sender[0])), 0)).append(" | ").append(f(bytes.get(sender[0]), 0)).append(" |\n");
    }
    Double send = median(exportCpu.get("sendUrlConnection"));
    md.append("\nTarget: export ≤ 2 µs of CPU per span (serialization + send) — ")
        .append(send != null && send <= 2000 ? "met" : "**missed**").append(", ").append(f(send, 0)).append(" ns.\n");
    md.append("\nOne span from advice entry to the queue: what the JDBC advice of `PreparedStatement.executeQuery()` "
        + "calls, through the agent's handlers, its span and `SpanQueue` (`AdviceBenchmark`; the statement itself is not "
        + "executed). Time per span on the application thread, bytes that thread allocated per span (median of the "
        + "measured iterations), and bytes per span of the whole JVM (`-prof gc`: the export worker's copy included).\n\n");
    md.append("| threads | ns/span | B/span, application thread | B/span, whole JVM |\n|---:|---:|---:|---:|\n");
    for (int threads : new int[] {1, 4}) {
      String key = "jdbcQuery" + threads;
      md.append("| ").append(threads).append(" | ").append(f(score.get(key), 0)).append(" | ")
          .append(f(median(appBytes.get(String.valueOf(threads))), 0))
          .append(" | ").append(f(bytes.get(key), 0)).append(" |\n");
    }
    md.append("\nTargets: ≤ 2 µs and ≤ 300 B per span on the application thread.\n\n");
    double at2 = ratio(score.get("tracer 2"), score.get("BatchSpanProcessor 2"));
    double exportedAt2 = ratio(exported(score, delivered, "tracer 2"), exported(score, delivered, "BatchSpanProcessor 2"));
    md.append("Target: pipeline ≥ 1.5 × BatchSpanProcessor at 2 threads — spans ended: ")
        .append(at2 >= 1.5 ? "met" : "**missed**").append(", ").append(f(at2, 2)).append("×; spans exported: ")
        .append(exportedAt2 >= 1.5 ? "met" : "**missed**").append(", ").append(f(exportedAt2, 2)).append("×.\n\n");
    md.append("Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(" on ")
        .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, JDK ").append(System.getProperty("java.runtime.version"))
        .append("; load average before: ").append(loadBefore).append(", after: ").append(loadAfter)
        .append(" (a shared machine: other processes compete for the cores).\n");
    return md.toString();
  }

  private static Double median(List<Long> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return (double) sorted.get(sorted.size() / 2);
  }

  /** Spans per ms that reached the exporter: the score less the dropped share. */
  private static Double exported(Map<String, Double> score, Map<String, Double> delivered, String key) {
    Double s = score.get(key);
    Double d = delivered.get(key);
    return s == null || d == null ? null : s * d / 100;
  }

  private static double ratio(Double a, Double b) {
    return a == null || b == null || b == 0 ? Double.NaN : a / b;
  }

  private static String f(Double value, int decimals) {
    return value == null || value.isNaN() ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String loadAverage() {
    try {
      String[] parts = new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.US_ASCII).split(" ");
      return parts[0] + ", " + parts[1] + ", " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
