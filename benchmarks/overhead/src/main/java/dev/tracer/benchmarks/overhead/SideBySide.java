package dev.tracer.benchmarks.overhead;

import dev.tracer.benchmarks.overhead.RunResult.Metric;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady state of a real Spring Boot application (test-apps/spring-boot-mvc: Thymeleaf pages and JSON over Spring
 * Data JPA) with no agent, tracer.jar and the OpenTelemetry Java agent (and optionally {@code beforeJar=}, another
 * tracer.jar) running at the same time, each JVM loaded at the same time by a load-generator JVM of its own, so that
 * a slow minute of a shared machine lands on every mode alike. Per round: CPU per request (utime + stime of the
 * application JVM over the requests it served, and the share of it its JIT compiler's threads took), latency and
 * throughput; after the rounds: heap after a full GC,
 * RSS and Native Memory Tracking per JVM; at exit: spans received per request, and tracer's own counters of spans
 * dropped. Arguments are {@code key=value}; see {@link #main}.
 */
public final class SideBySide {
  private static final String DEFAULT_PATHS = "/shop/catalog,/shop/customers/customer-{1-20},/api/products/{1-60},"
      + "/api/customers/customer-{1-20}/summary";
  /** The line tracer prints at exit: {@code [tracer] spans: enqueued=.. exported=.. dropped=.. ...}. */
  private static final Pattern TRACER_COUNTERS = Pattern.compile("\\[tracer] spans: (enqueued=\\d+ exported=\\d+ dropped=\\d+[^;\\n]*)");
  private static final Pattern DROPPED = Pattern.compile("dropped=(\\d+)");
  private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB");
  private static final Pattern NMT_CATEGORY = Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB");
  private static final Pattern NMT_CLASSES = Pattern.compile("classes #(\\d+)");
  private static final Pattern NMT_METADATA_USED = Pattern.compile("Metadata:\\s*\\)[\\s(]*reserved=\\d+KB, committed=\\d+KB\\)[\\s(]*used=(\\d+)KB");
  private static final Pattern NMT_CLASS_SPACE_USED = Pattern.compile("Class space:\\s*\\)[\\s(]*reserved=\\d+KB, committed=\\d+KB\\)[\\s(]*used=(\\d+)KB");

  private final Map<String, String> options;
  private final Path logs;
  private final HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private SideBySide(Map<String, String> options) throws IOException {
    this.options = options;
    this.logs = Files.createDirectories(Paths.get(options.get("logs")));
  }

  /**
   * {@code appJar= tracerJar= otelJar= [beforeJar=] out= logs= warmup=60 rounds=5 window=20 concurrency=4 xmx=512m
   * paths=... note=}: {@code warmup} seconds of load on all JVMs, then {@code rounds} measured rounds of
   * {@code window} seconds each; {@code paths} is the request mix (see {@link LoadGenerator}).
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("warmup", "60");
    options.put("rounds", "5");
    options.put("window", "20");
    options.put("concurrency", "4");
    options.put("xmx", "512m");
    options.put("paths", DEFAULT_PATHS);
    options.put("logs", "target/steady-logs");
    options.put("note", "");
    Harness.putArguments(options, args);
    List<String> modes = new ArrayList<>(List.of(Report.NONE, Report.TRACER, Report.OTEL));
    if (options.get("beforeJar") != null && !options.get("beforeJar").isEmpty()) {
      modes.add(Report.BEFORE);
    }
    String loadBefore = Harness.loadAverage();
    long started = System.nanoTime();
    SideBySide bench = new SideBySide(options);
    Report report = new Report(modes);
    List<Jvm> jvms = new ArrayList<>();
    try {
      for (String mode : modes) {
        jvms.add(bench.new Jvm(mode));
      }
      bench.measure(jvms, report);
    } finally {
      for (Jvm jvm : jvms) {
        jvm.close();
      }
    }
    String minutes = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 60e9);
    String markdown = bench.markdown(jvms, report, loadBefore, Harness.loadAverage(), minutes, args);
    System.out.println();
    System.out.println(markdown);
    String out = options.get("out");
    if (out != null && !out.isEmpty()) {
      Path path = Paths.get(out);
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.write(path, markdown.getBytes(StandardCharsets.UTF_8));
      System.out.println("written to " + path);
    }
  }

  private void measure(List<Jvm> jvms, Report report) throws Exception {
    for (Jvm jvm : jvms) {
      jvm.start();
    }
    for (Jvm jvm : jvms) {
      jvm.awaitFirstAnswer();
      System.out.printf("started %-26s %6.0f ms to the first answer (all launched together), %.1f CPU s%n", jvm.mode,
          jvm.startupMillis, jvm.startupCpuSeconds);
    }
    // what start-up exported (the seeded catalog's statements, among others) is not the requests' doing
    settle(jvms);
    for (Jvm jvm : jvms) {
      jvm.startupSpans = jvm.sink.spans.get();
    }
    // spans one request of each path makes, the mix's expected spans per request: a first pass primes each path,
    // the second is counted once the exports settled (both agents export within a few seconds)
    System.out.println("calibrating the spans per request (one request per path, twice, each pass then settled)");
    for (Jvm jvm : jvms) {
      jvm.sendEachPath();
    }
    settle(jvms);
    long[] before = new long[jvms.size()];
    for (int i = 0; i < jvms.size(); i++) {
      before[i] = jvms.get(i).sink.spans.get();
      jvms.get(i).sendEachPath();
    }
    settle(jvms);
    for (int i = 0; i < jvms.size(); i++) {
      Jvm jvm = jvms.get(i);
      jvm.expectedSpansPerRequest = (jvm.sink.spans.get() - before[i]) / (double) jvm.paths.length;
    }
    for (Jvm jvm : jvms) {
      jvm.startLoad();
    }
    double warmup = Double.parseDouble(options.get("warmup"));
    if (warmup > 0) {
      System.out.printf("warm-up: %.0f s of load on every JVM at once%n", warmup);
      for (Jvm jvm : jvms) {
        jvm.sendLoad(warmup);
      }
      for (Jvm jvm : jvms) {
        jvm.readLoad();
      }
    }
    int rounds = Integer.parseInt(options.get("rounds"));
    double window = Double.parseDouble(options.get("window"));
    for (int round = 1; round <= rounds; round++) {
      double[] cpuBefore = new double[jvms.size()];
      double[] jitBefore = new double[jvms.size()];
      for (int i = 0; i < jvms.size(); i++) {
        cpuBefore[i] = Harness.cpuSeconds(jvms.get(i).pid());
        jitBefore[i] = Harness.jitCpuSeconds(jvms.get(i).pid());
      }
      for (Jvm jvm : jvms) {
        jvm.sendLoad(window);
      }
      List<Map<String, String>> lines = new ArrayList<>();
      for (Jvm jvm : jvms) {
        lines.add(jvm.readLoad());
      }
      for (int i = 0; i < jvms.size(); i++) {
        Jvm jvm = jvms.get(i);
        double cpu = Harness.cpuSeconds(jvm.pid()) - cpuBefore[i];
        double jit = Harness.jitCpuSeconds(jvm.pid()) - jitBefore[i];
        Map<String, String> values = lines.get(i);
        RunResult result = new RunResult();
        long served = Long.parseLong(values.get("requests"));
        result.errors = Long.parseLong(values.get("errors"));
        result.throughput = served / Double.parseDouble(values.get("seconds"));
        result.p50Millis = Long.parseLong(values.get("p50_us")) / 1000.0;
        result.p99Millis = Long.parseLong(values.get("p99_us")) / 1000.0;
        result.cpuMillisPerRequest = served == 0 ? Double.NaN : cpu * 1000 / served;
        result.jitCpuMillisPerRequest = served == 0 ? Double.NaN : jit * 1000 / served;
        report.add(jvm.mode, result);
        jvm.rounds.add(result);
        System.out.printf("round %d/%d %-26s %7.1f req/s, p50 %6.2f ms, p99 %7.2f ms, %.3f CPU ms/req (JIT %.3f)%s%n",
            round, rounds, jvm.mode, result.throughput, result.p50Millis, result.p99Millis, result.cpuMillisPerRequest,
            result.jitCpuMillisPerRequest,
            result.errors > 0 ? ", " + result.errors + " FAILED" : "");
      }
    }
    // memory once the load stopped: a full GC, heap and Native Memory Tracking in one attach each, then RSS
    for (Jvm jvm : jvms) {
      jvm.measureMemory();
      System.out.printf("memory %-26s heap after GC %6.1f MB, RSS %5.0f MB (peak %5.0f), NMT committed %5.0f MB, "
              + "class metadata committed %5.1f MB, %d classes%n", jvm.mode, jvm.heapMb, jvm.rssMb, jvm.peakRssMb,
          jvm.nmt.committedMb, jvm.nmt.classMetadataMb(), jvm.nmt.classes);
    }
    for (Jvm jvm : jvms) {
      jvm.stop();
    }
    for (Jvm jvm : jvms) {
      jvm.readExit();
      System.out.printf("exit %-26s %d requests, %d spans received after start-up (%.2f per request, %.2f expected)%s%n",
          jvm.mode, jvm.requests, jvm.requestSpans(), jvm.spansPerRequest(), jvm.expectedSpansPerRequest,
          jvm.tracerCounters == null ? "" : "; tracer: " + jvm.tracerCounters);
    }
  }

  /** Waits until no JVM's sink received a span for 6 s (the OpenTelemetry agent exports every 5 s), 60 s at most. */
  private static void settle(List<Jvm> jvms) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long[] last = new long[jvms.size()];
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      boolean changed = false;
      for (int i = 0; i < jvms.size(); i++) {
        long now = jvms.get(i).sink.spans.get();
        changed |= now != last[i];
        last[i] = now;
      }
      if (changed) {
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(6)) {
        return;
      }
      Thread.sleep(200);
    }
  }

  /** One application JVM under one mode, its OTLP receiver and its load generator. */
  private final class Jvm implements AutoCloseable {
    final String mode;
    final OtlpSink sink = new OtlpSink();
    final int port;
    final String base;
    final String[] paths = options.get("paths").split(",");
    final Path log;
    final List<RunResult> rounds = new ArrayList<>();
    Process app;
    long launched;
    double startupMillis = Double.NaN;
    double startupCpuSeconds = Double.NaN;
    Process load;
    BufferedReader loadOut;
    Writer loadIn;
    long requests;
    long errors;
    /** Spans received once start-up's exports settled, before the first request. */
    long startupSpans;
    double expectedSpansPerRequest = Double.NaN;
    double heapMb = Double.NaN;
    double rssMb = Double.NaN;
    double peakRssMb = Double.NaN;
    Nmt nmt = Nmt.parse("");
    /** tracer's exit line, when this JVM runs tracer. */
    String tracerCounters;

    Jvm(String mode) throws IOException {
      this.mode = mode;
      this.port = Harness.freePort();
      this.base = "http://127.0.0.1:" + port;
      this.log = logs.resolve(Harness.key(mode) + ".log");
    }

    long pid() {
      return app.pid();
    }

    void start() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Harness.javaCommand());
      // a fixed, pre-touched heap: RSS then differs by what an agent adds outside the heap
      command.addAll(Arrays.asList("-Xms" + options.get("xmx"), "-Xmx" + options.get("xmx"), "-XX:+AlwaysPreTouch",
          "-XX:NativeMemoryTracking=summary"));
      if (!mode.equals(Report.NONE)) {
        String jar = mode.equals(Report.OTEL) ? "otelJar" : mode.equals(Report.BEFORE) ? "beforeJar" : "tracerJar";
        command.add("-javaagent:" + options.get(jar));
      }
      command.addAll(Arrays.asList("-jar", options.get("appJar"), "--server.port=" + port));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      Harness.agentEnvironment(builder.environment(), mode, sink.endpoint(), "shop", null);
      launched = System.nanoTime();
      app = builder.start();
    }

    void awaitFirstAnswer() throws Exception {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/")).timeout(Duration.ofSeconds(5)).build();
      long deadline = launched + TimeUnit.SECONDS.toNanos(240);
      while (System.nanoTime() < deadline) {
        if (!app.isAlive()) {
          throw new IOException(mode + " exited during start-up; see " + log);
        }
        try {
          if (probe.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            startupMillis = (System.nanoTime() - launched) / 1e6;
            startupCpuSeconds = Harness.cpuSeconds(pid());
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        Thread.sleep(20);
      }
      throw new IOException(mode + " answered nothing within 240 s; see " + log);
    }

    /** One request of each path of the mix, in turn; every one must answer 200. */
    void sendEachPath() throws Exception {
      for (String path : paths) {
        String expanded = LoadGenerator.expand(path);
        HttpResponse<Void> response = probe.send(HttpRequest.newBuilder(URI.create(base + expanded))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
          throw new IOException(mode + ": GET " + expanded + " answered " + response.statusCode() + "; see " + log);
        }
        requests++;
      }
    }

    void startLoad() throws IOException {
      load = new ProcessBuilder(Harness.javaCommand(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          LoadGenerator.class.getName(), base, options.get("concurrency"), options.get("paths"))
          .redirectError(logs.resolve(Harness.key(mode) + "-load.log").toFile()).start();
      loadOut = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
      loadIn = new OutputStreamWriter(load.getOutputStream(), StandardCharsets.UTF_8);
    }

    void sendLoad(double seconds) throws IOException {
      loadIn.write(seconds + "\n");
      loadIn.flush();
    }

    Map<String, String> readLoad() throws IOException {
      Map<String, String> values = Harness.keyValues(loadOut.readLine());
      requests += Long.parseLong(values.get("requests"));
      errors += Long.parseLong(values.get("errors"));
      return values;
    }

    void measureMemory() throws Exception {
      heapMb = Harness.heapUsedMb(Harness.jcmd(logs, pid(), "GC.run", "GC.heap_info"));
      String summary = Harness.jcmd(logs, pid(), "VM.native_memory summary");
      Files.write(logs.resolve(Harness.key(mode) + "-nmt.txt"), summary.getBytes(StandardCharsets.UTF_8));
      nmt = Nmt.parse(summary);
      for (String line : Files.readAllLines(Paths.get("/proc/" + pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          rssMb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
      peakRssMb = Harness.peakRssMb(pid());
    }

    /** SIGTERM: the application shuts down and the agents export what they still hold. */
    void stop() throws IOException {
      if (load != null) {
        loadIn.close(); // the load generator exits at the end of its input
      }
      app.destroy();
    }

    void readExit() throws Exception {
      if (!app.waitFor(30, TimeUnit.SECONDS)) {
        app.destroyForcibly().waitFor();
      }
      Thread.sleep(500); // the last export's answer
      Matcher counters = TRACER_COUNTERS.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
      while (counters.find()) {
        tracerCounters = counters.group(1).trim();
      }
    }

    /** Spans received since start-up. */
    long requestSpans() {
      return sink.spans.get() - startupSpans;
    }

    double spansPerRequest() {
      return requestSpans() / (double) Math.max(1, requests);
    }

    /** Spans tracer counted as dropped at exit; -1 when it printed no counters (not tracer, or no exit line). */
    long tracerDropped() {
      if (tracerCounters == null) {
        return -1;
      }
      Matcher dropped = DROPPED.matcher(tracerCounters);
      return dropped.find() ? Long.parseLong(dropped.group(1)) : -1;
    }

    @Override
    public void close() {
      if (load != null) {
        load.destroyForcibly();
      }
      if (app != null && app.isAlive()) {
        app.destroyForcibly();
      }
      sink.close();
    }
  }

  /** What {@code jcmd <pid> VM.native_memory summary} printed, in MB; NaN (classes: -1) where it printed nothing. */
  static final class Nmt {
    double committedMb = Double.NaN;
    /** Committed MB per category, in the order printed (Java Heap, Class, Thread, Code, GC, ..., Metaspace). */
    final Map<String, Double> categories = new LinkedHashMap<>();
    double metadataUsedMb = Double.NaN;
    double classSpaceUsedMb = Double.NaN;
    long classes = -1;

    static Nmt parse(String summary) {
      Nmt nmt = new Nmt();
      nmt.committedMb = kbToMb(NMT_TOTAL, summary);
      Matcher category = NMT_CATEGORY.matcher(summary);
      while (category.find()) {
        nmt.categories.put(category.group(1).trim(), Long.parseLong(category.group(2)) / 1024.0);
      }
      Matcher count = NMT_CLASSES.matcher(summary);
      nmt.classes = count.find() ? Long.parseLong(count.group(1)) : -1;
      nmt.metadataUsedMb = kbToMb(NMT_METADATA_USED, summary);
      nmt.classSpaceUsedMb = kbToMb(NMT_CLASS_SPACE_USED, summary);
      return nmt;
    }

    double category(String name) {
      return categories.getOrDefault(name, Double.NaN);
    }

    /** Class metadata committed: the Class category (class space) and, where NMT shows it apart (JDK 17), Metaspace. */
    double classMetadataMb() {
      return category("Class") + categories.getOrDefault("Metaspace", 0.0);
    }

    private static double kbToMb(Pattern pattern, String text) {
      Matcher matcher = pattern.matcher(text);
      return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024.0 : Double.NaN;
    }
  }

  private String markdown(List<Jvm> jvms, Report report, String loadBefore, String loadAfter, String minutes,
      String[] args) {
    StringBuilder out = new StringBuilder("# Steady state of a Spring Boot 4 application, modes side by side\n\n");
    if (!options.get("note").isEmpty()) {
      out.append(options.get("note")).append("\n\n");
    }
    out.append("Per request, medians over the ").append(options.get("rounds")).append(" rounds (ratios to no agent):\n\n");
    out.append(report.table(Metric.CPU_PER_REQUEST, Metric.JIT_CPU_PER_REQUEST, Metric.CPU_PER_REQUEST_WITHOUT_JIT,
            Metric.P50, Metric.P99, Metric.THROUGHPUT)
        .replace("(both JVMs)", "(application JVM)"));
    out.append("\nSpans (after start-up: calibration, warm-up and rounds, exported until each JVM's exit):\n\n");
    row(out, "mode", jvms, jvm -> jvm.mode);
    out.append("|---|").append("---:|".repeat(jvms.size())).append('\n');
    row(out, "requests served", jvms, jvm -> String.valueOf(jvm.requests));
    row(out, "failed requests", jvms, jvm -> String.valueOf(jvm.errors));
    row(out, "spans exported by start-up (not counted below)", jvms, jvm -> String.valueOf(jvm.startupSpans));
    row(out, "spans received", jvms, jvm -> String.valueOf(jvm.requestSpans()));
    row(out, "spans received per request", jvms, jvm -> Report.format(jvm.spansPerRequest(), 2));
    row(out, "spans per request expected (one request of each path, counted)", jvms,
        jvm -> Report.format(jvm.expectedSpansPerRequest, 2));
    row(out, "spans missing (expected × requests − received)", jvms, jvm -> jvm.mode.equals(Report.NONE) ? "–"
        : String.valueOf(Math.round(jvm.expectedSpansPerRequest * jvm.requests - jvm.requestSpans())));
    row(out, "spans dropped (tracer's own count at exit, start-up's included)", jvms, jvm -> jvm.tracerDropped() < 0 ? "–"
        : String.valueOf(jvm.tracerDropped()));
    out.append("\nMemory after the rounds and a full GC (`jcmd GC.run`), MB; added = this JVM − no agent:\n\n");
    row(out, "mode", jvms, jvm -> jvm.mode);
    out.append("|---|").append("---:|".repeat(jvms.size())).append('\n');
    Jvm none = jvms.get(0);
    memoryRow(out, "heap used after full GC (GC.heap_info; added: the agent's retained heap)", jvms, none, jvm -> jvm.heapMb);
    memoryRow(out, "RSS (VmRSS)", jvms, none, jvm -> jvm.rssMb);
    memoryRow(out, "peak RSS (VmHWM)", jvms, none, jvm -> jvm.peakRssMb);
    memoryRow(out, "NMT committed, total", jvms, none, jvm -> jvm.nmt.committedMb);
    memoryRow(out, "NMT committed outside the Java heap", jvms, none,
        jvm -> jvm.nmt.committedMb - jvm.nmt.category("Java Heap"));
    // the JIT's arenas come and go with what it compiles at the moment: tens of MB either way between JVMs
    memoryRow(out, "NMT committed outside the Java heap and the JIT's arenas (Arena Chunk, Compiler)", jvms, none,
        jvm -> jvm.nmt.committedMb - jvm.nmt.category("Java Heap") - jvm.nmt.categories.getOrDefault("Arena Chunk", 0.0)
            - jvm.nmt.categories.getOrDefault("Compiler", 0.0));
    memoryRow(out, "class metadata committed (NMT Class + Metaspace)", jvms, none, jvm -> jvm.nmt.classMetadataMb());
    memoryRow(out, "class metadata used (NMT Metadata used)", jvms, none, jvm -> jvm.nmt.metadataUsedMb);
    memoryRow(out, "class space used (NMT Class space used)", jvms, none, jvm -> jvm.nmt.classSpaceUsedMb);
    row(out, "classes loaded (NMT)", jvms, jvm -> jvm.nmt.classes + (jvm == none || none.nmt.classes < 0 ? ""
        : String.format(Locale.ROOT, " (%+d)", jvm.nmt.classes - none.nmt.classes)));
    // every category any JVM has, in the order NMT prints them (Arena Chunk and Compiler: transient JIT memory)
    Set<String> categories = new LinkedHashSet<>();
    jvms.forEach(jvm -> categories.addAll(jvm.nmt.categories.keySet()));
    categories.remove("Java Heap");
    for (String category : categories) {
      // a category NMT did not print weighed less than 1 KB
      memoryRow(out, "NMT committed: " + category, jvms, none, jvm -> jvm.nmt.categories.getOrDefault(category, 0.0));
    }
    out.append("\nEvery round, in the order taken (throughput req/s; p50 / p99 ms; CPU ms per request, of which the JIT"
        + " compiler's threads):\n\n");
    for (Jvm jvm : jvms) {
      out.append("- ").append(jvm.mode).append(':');
      for (RunResult round : jvm.rounds) {
        out.append(String.format(Locale.ROOT, " [%.1f; %.2f / %.2f; %.3f, JIT %.3f%s]", round.throughput,
            round.p50Millis, round.p99Millis, round.cpuMillisPerRequest, round.jitCpuMillisPerRequest,
            round.errors > 0 ? "; " + round.errors + " failed" : ""));
      }
      out.append('\n');
    }
    out.append("\nStart-up, all JVMs launched together (so each competes with the others; see boot-startup.md for start-up"
        + " alone): ");
    List<String> startups = new ArrayList<>();
    for (Jvm jvm : jvms) {
      startups.add(String.format(Locale.ROOT, "%s %.0f ms, %.1f CPU s", jvm.mode, jvm.startupMillis, jvm.startupCpuSeconds));
    }
    out.append(String.join("; ", startups)).append(".\n");
    for (Jvm jvm : jvms) {
      if (jvm.tracerCounters != null) {
        out.append("\n").append(jvm.mode).append(" at exit: `[tracer] spans: ").append(jvm.tracerCounters).append("`");
      }
    }
    out.append("\n\nRun ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(" in ")
        .append(minutes).append(" min on ").append(Harness.machine()).append(".  \n");
    out.append("Load average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
        .append(". The machine is shared; all modes run at once, so what other processes take lands on each alike.  \n");
    out.append("Each mode: `java -Xms").append(options.get("xmx")).append(" -Xmx").append(options.get("xmx"))
        .append(" -XX:+AlwaysPreTouch -XX:NativeMemoryTracking=summary [-javaagent:...] -jar spring-boot-mvc.jar`, all ")
        .append("started together; both agents export traces over OTLP/HTTP (protobuf) to a local receiver in the "
            + "benchmark JVM, one per application JVM, traces only (metrics and logs exporters off). Each JVM has its own "
            + "load-generator JVM with ").append(options.get("concurrency"))
        .append(" closed-loop keep-alive connections, taking the paths `").append(options.get("paths"))
        .append("` in turn (`{a-b}`: a random number); all are loaded at the same time: ").append(options.get("warmup"))
        .append(" s of warm-up, then ").append(options.get("rounds")).append(" rounds of ").append(options.get("window"))
        .append(" s. CPU per request: utime + stime of the application JVM (/proc/<pid>/stat) over the round, divided by "
            + "the requests it served; of which the JIT compiler's threads: utime + stime of the threads named `C1/C2 "
            + "CompilerThread` (/proc/<pid>/task), compiling rather than running the application. Spans expected per "
            + "request: before the load, one request of each path, counted once the exports settled.  \n");
    out.append("Command line: `SideBySide ").append(String.join(" ", args)).append("`\n");
    return out.toString();
  }

  private static void row(StringBuilder out, String label, List<Jvm> jvms, Function<Jvm, String> value) {
    out.append("| ").append(label).append(" |");
    for (Jvm jvm : jvms) {
      out.append(' ').append(value.apply(jvm)).append(" |");
    }
    out.append('\n');
  }

  private static void memoryRow(StringBuilder out, String label, List<Jvm> jvms, Jvm none, ToDoubleFunction<Jvm> value) {
    row(out, label, jvms, jvm -> {
      double mine = value.applyAsDouble(jvm);
      if (jvm == none) {
        return Report.format(mine, 1);
      }
      double added = mine - value.applyAsDouble(none);
      return Report.format(mine, 1) + " (" + (Double.isNaN(added) ? "–" : String.format(Locale.ROOT, "%+.1f", added)) + ")";
    });
  }
}
