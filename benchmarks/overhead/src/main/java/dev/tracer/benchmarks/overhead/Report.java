package dev.tracer.benchmarks.overhead;

import dev.tracer.benchmarks.overhead.RunResult.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Medians per mode (over the samples that measured each metric), ratios to no agent, the targets, as Markdown. */
final class Report {
  static final String NONE = "no agent";
  static final String TRACER = "tracer";
  static final String OTEL = "OpenTelemetry agent";
  static final String DISABLED = "tracer, TRACER_ENABLED=false";
  static final String BEFORE = "tracer before (beforeJar)";
  static final String METRICS = "tracer, metrics over OTLP";
  static final String METRICS_NO_RUNTIME = "tracer, metrics over OTLP, TRACER_RUNTIME_METRICS_ENABLED=false";

  private final Map<String, List<RunResult>> runs = new LinkedHashMap<>();

  Report(List<String> modes) {
    for (String mode : modes) {
      runs.put(mode, new ArrayList<>());
    }
  }

  void add(String mode, RunResult result) {
    runs.get(mode).add(result);
  }

  double median(String mode, Metric metric) {
    List<RunResult> results = runs.get(mode);
    if (results == null || results.isEmpty()) {
      return Double.NaN;
    }
    double[] values = results.stream().mapToDouble(r -> r.get(metric)).filter(v -> !Double.isNaN(v)).sorted().toArray();
    int n = values.length;
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  double ratio(String mode, Metric metric) {
    return median(mode, metric) / median(NONE, metric);
  }

  /** Added over the no-agent run (start-up, RSS). */
  double added(String mode, Metric metric) {
    return median(mode, metric) - median(NONE, metric);
  }

  String table() {
    return table(Metric.values());
  }

  /** The medians of {@code metrics}, one row each, a column per mode, with ratios to no agent. */
  String table(Metric... metrics) {
    StringBuilder out = new StringBuilder("| median |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String mode : runs.keySet()) {
      out.append(' ').append(mode).append(" |");
      rule.append("---:|");
    }
    out.append('\n').append(rule).append('\n');
    for (Metric metric : metrics) {
      if (runs.keySet().stream().allMatch(mode -> Double.isNaN(median(mode, metric)))) {
        continue; // a metric this kind of run does not measure
      }
      out.append("| ").append(metric.label).append(" |");
      for (String mode : runs.keySet()) {
        double value = median(mode, metric);
        out.append(' ').append(format(value, metric.decimals));
        // the JIT's share is near zero once warm: a ratio of two such numbers says nothing
        if (!mode.equals(NONE) && metric != Metric.SPANS && metric != Metric.JIT_CPU_PER_REQUEST
            && median(NONE, metric) != 0) {
          out.append(" (").append(format(ratio(mode, metric), 2)).append("×)");
        }
        out.append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** One line per target of issue #19 (the overhead per request): met or missed, and by how much. */
  List<String> targets() {
    List<String> lines = new ArrayList<>();
    if (has(TRACER)) {
      double throughput = ratio(TRACER, Metric.THROUGHPUT);
      lines.add(check(throughput >= 0.97, "throughput ≥ 0.97 × no agent", format(throughput, 3) + "×"));
      double cpu = ratio(TRACER, Metric.CPU_PER_REQUEST);
      lines.add(check(cpu <= 1.05, "CPU per request ≤ 1.05 × no agent", format(cpu, 3) + "×"));
      double p99 = ratio(TRACER, Metric.P99);
      lines.add(check(p99 <= 1.05, "p99 latency ≤ 1.05 × no agent", format(p99, 3) + "×"));
    }
    if (has(TRACER) && has(OTEL)) {
      double ours = added(TRACER, Metric.STARTUP);
      double theirs = added(OTEL, Metric.STARTUP);
      lines.add(check(ours <= theirs / 4, "added start-up ≤ 1/4 of the OpenTelemetry agent's",
          String.format(Locale.ROOT, "%+.0f ms vs %+.0f ms (limit %.0f ms, %.2f of it)", ours, theirs, theirs / 4,
              ours / theirs)));
      double ourRss = added(TRACER, Metric.RSS);
      double theirRss = added(OTEL, Metric.RSS);
      lines.add(check(ourRss <= theirRss / 4, "added peak RSS ≤ 1/4 of the OpenTelemetry agent's",
          String.format(Locale.ROOT, "%+.0f MB vs %+.0f MB (limit %.0f MB, %.2f of it)", ourRss, theirRss,
              theirRss / 4, ourRss / theirRss)));
      double ourThroughput = ratio(TRACER, Metric.THROUGHPUT);
      double theirThroughput = ratio(OTEL, Metric.THROUGHPUT);
      lines.add(check(ourThroughput > theirThroughput, "throughput above the OpenTelemetry agent's ratio",
          format(ourThroughput, 3) + "× vs " + format(theirThroughput, 3) + "×"));
    }
    if (has(DISABLED)) {
      double disabled = ratio(DISABLED, Metric.THROUGHPUT);
      lines.add(check(disabled >= 0.99, "disabled throughput ≥ 0.99 × no agent", format(disabled, 3) + "×"));
    }
    return lines;
  }

  private boolean has(String mode) {
    return runs.containsKey(mode) && !runs.get(mode).isEmpty() && !runs.get(NONE).isEmpty();
  }

  static String check(boolean met, String target, String measured) {
    return "- " + (met ? "met" : "**missed**") + ": " + target + " — " + measured;
  }

  /** Each sample of start-up, throughput and CPU per request in the order taken, to show the spread behind the medians. */
  String perRun() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<RunResult>> entry : runs.entrySet()) {
      List<String> startups = new ArrayList<>();
      List<String> throughputs = new ArrayList<>();
      List<String> cpus = new ArrayList<>();
      long errors = 0;
      for (RunResult run : entry.getValue()) {
        if (!Double.isNaN(run.startupMillis)) {
          startups.add(format(run.startupMillis, 0));
        }
        if (!Double.isNaN(run.throughput)) {
          throughputs.add(format(run.throughput, 0));
        }
        if (!Double.isNaN(run.cpuMillisPerRequest)) {
          cpus.add(format(run.cpuMillisPerRequest, 3));
        }
        errors += run.errors;
      }
      out.append("- ").append(entry.getKey()).append(": start-up ").append(String.join(", ", startups))
          .append(" ms; throughput ").append(String.join(", ", throughputs)).append(" req/s")
          .append("; CPU ").append(String.join(", ", cpus)).append(" ms/req")
          .append(errors > 0 ? "; " + errors + " failed requests" : "").append('\n');
    }
    return out.toString();
  }

  static String format(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
