package dev.tracer.benchmarks;

import dev.tracer.exporters.ExportSettings;
import dev.tracer.exporters.Metrics;
import dev.tracer.exporters.MetricsSettings;
import dev.tracer.exporters.SpanQueue;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One Prometheus scrape of the agent's endpoint, as a Prometheus server does it (GET, text format, whole body read).
 * Server spans of {@code distinct} route and status pairs feed {@code http.server.request.duration} and the
 * {@code tracer.span.*} families, beside the queue counters and the JVM runtime metrics: 56 pairs make about 2,000
 * series in the scrape (sample lines: a histogram is one per bucket, plus sum and count), issue #27's case, whose
 * target is under 50 ms; 2,000 pairs are the SDK's series limit in every one of those families, the worst case.
 * {@code ScrapeBenchmark <out.md>} runs it and writes the report.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class ScrapeBenchmark {
  /** Route and status pairs of the server spans. */
  @Param({"56", "2000"})
  public int distinct;

  private SpanQueue queue;
  private Metrics metrics;
  private String url;
  int lines;
  int bytes;

  @Setup
  public void setUp() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    queue = new SpanQueue(InMemorySpanExporter.create(), 4096, 512, 50, 1000);
    ExportSettings export = new ExportSettings(Collections.singletonList("none"), "http://127.0.0.1:1", false,
        "http/protobuf", Collections.emptyMap(), "http://127.0.0.1:1", "http://127.0.0.1:1", 1000);
    metrics = Metrics.create(new MetricsSettings(false, "127.0.0.1", port, 60_000, true), export,
        Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")), queue);
    queue.observeBatches(metrics.spans());
    url = metrics.prometheusUrl();
    for (int i = 0; i < distinct; i++) {
      String route = "/shop/r" + (i / 2) + "/{id}";
      long status = i % 2 == 0 ? 200 : 500;
      SpanData span = TestSpanData.builder().setName("GET " + route).setKind(SpanKind.SERVER)
          .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")))
          .setStartEpochNanos(1_000).setEndEpochNanos(1_000 + (i % 50 + 1) * 1_000_000L)
          .setStatus(status == 500 ? StatusData.error() : StatusData.unset())
          .setAttributes(Attributes.builder().put("http.request.method", "GET").put("http.route", route)
              .put("url.scheme", "http").put("http.response.status_code", status).build())
          .setHasEnded(true).build();
      while (!queue.offer(span)) {
        queue.forceFlush().join(5, TimeUnit.SECONDS);
      }
    }
    queue.forceFlush().join(10, TimeUnit.SECONDS);
    String text = scrapeText();
    lines = (int) text.lines().filter(l -> !l.startsWith("#")).count();
    bytes = text.length();
    System.out.println("scrape: " + lines + " samples, " + bytes + " bytes");
  }

  @TearDown
  public void tearDown() {
    queue.shutdown(1000);
    metrics.shutdown(1000);
  }

  @Benchmark
  public int scrape() throws IOException {
    return scrapeText().length();
  }

  private String scrapeText() throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    try (InputStream in = connection.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  public static void main(String[] args) throws Exception {
    Path out = Paths.get(args.length > 0 ? args[0] : "benchmarks/results/scrape.md");
    // what one scrape holds, counted once here (the measured runs are in JMH's fork)
    Map<Integer, ScrapeBenchmark> sized = new TreeMap<>();
    for (int distinct : new int[] {56, 2000}) {
      ScrapeBenchmark one = new ScrapeBenchmark();
      one.distinct = distinct;
      one.setUp();
      one.tearDown();
      sized.put(distinct, one);
    }
    String load = Files.readAllLines(Paths.get("/proc/loadavg")).get(0);
    Collection<RunResult> results = new Runner(new OptionsBuilder().include(ScrapeBenchmark.class.getName()).build()).run();
    List<String> md = new ArrayList<>();
    md.add("# Prometheus scrape");
    md.add("");
    md.add("One GET of the agent's `/metrics` endpoint, the whole text body read (`ScrapeBenchmark`, JMH average "
        + "time, 1 fork, 5 × 2 s after 3 × 2 s of warm-up). Server spans of N route and status pairs feed "
        + "`http.server.request.duration` and the `tracer.span.*` families, beside the queue counters and the JVM "
        + "runtime metrics. N = 56 makes about 2,000 series (sample lines) in the scrape: issue #27's case, target "
        + "under 50 ms. N = 2,000 is the SDK's series limit in each of those families, the worst case.");
    md.add("");
    md.add("| N | series (samples) in the scrape | bytes | ms per scrape | ± (99.9%) |");
    md.add("|---:|---:|---:|---:|---:|");
    for (RunResult result : results) {
      ScrapeBenchmark one = sized.get(Integer.parseInt(result.getParams().getParam("distinct")));
      md.add(String.format(Locale.ROOT, "| %d | %d | %d | %.2f | %.2f |", one.distinct, one.lines, one.bytes,
          result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()));
    }
    md.add("");
    md.add("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, shared; load average before "
        + load + ", after " + Files.readAllLines(Paths.get("/proc/loadavg")).get(0) + ".");
    String text = String.join("\n", md) + "\n";
    System.out.println(text);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, text.getBytes(StandardCharsets.UTF_8));
  }
}
