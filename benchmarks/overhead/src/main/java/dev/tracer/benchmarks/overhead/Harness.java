package dev.tracer.benchmarks.overhead;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the two-service application under each mode — no agent, tracer.jar, the OpenTelemetry Java agent,
 * tracer.jar with TRACER_ENABLED=false — interleaved run by run (the order rotates every round, so a busy
 * moment of a shared machine does not land on one mode), and prints one table of medians with ratios to the
 * no-agent runs. Arguments are {@code key=value}; see {@link #main}.
 */
public final class Harness {
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final long CLOCK_TICKS = clockTicks();

  private final Map<String, String> options;
  private final OtlpSink sink;
  private final Path logs;
  private final HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private Harness(Map<String, String> options, OtlpSink sink) throws IOException {
    this.options = options;
    this.sink = sink;
    this.logs = Files.createDirectories(Paths.get(options.get("logs")));
  }

  /**
   * {@code tracerJar= otelJar= appJar= out= logs= rounds=2 warmup=40 measure=15 concurrency=8
   * modes=none,tracer,otel,disabled note=}.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    // the JIT needs tens of seconds under load before throughput levels off (no agent: about 4x between 5 s
    // and 45 s on 2 cores); shorter warm-ups compare how fast each mode warms up, not what it costs
    options.put("rounds", "2");
    options.put("warmup", "40");
    options.put("measure", "15");
    options.put("concurrency", "8");
    options.put("modes", "none,tracer,otel,disabled");
    options.put("logs", "target/overhead-logs");
    options.put("heap", "-Xmx512m");
    options.put("note", "");
    for (String arg : args) {
      int eq = arg.indexOf('=');
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    List<String> keys = new ArrayList<>();
    List<String> modes = new ArrayList<>();
    for (String key : options.get("modes").split(",")) {
      keys.add(key.trim());
      modes.add(label(key.trim()));
    }
    String loadBefore = loadAverage();
    long started = System.nanoTime();
    Report report = new Report(modes);
    try (OtlpSink sink = new OtlpSink()) {
      Harness harness = new Harness(options, sink);
      int rounds = Integer.parseInt(options.get("rounds"));
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < modes.size(); i++) {
          String key = keys.get((i + round) % keys.size());
          String mode = label(key);
          RunResult result = harness.run(mode, (round + 1) + "-" + key);
          report.add(mode, result);
          System.out.printf("round %d/%d %-30s start-up %6.0f ms, %7.1f req/s, p50 %.2f ms, p99 %.2f ms, RSS %4.0f MB, "
                  + "heap %.1f MB, %.3f CPU ms/req, %.1f spans/req%s%n",
              round + 1, rounds, mode, result.startupMillis, result.throughput, result.p50Millis, result.p99Millis,
              result.peakRssMb, result.heapMb, result.cpuMillisPerRequest, result.spansPerRequest,
              result.errors > 0 ? ", " + result.errors + " ERRORS" : "");
        }
      }
    }
    String minutes = String.format("%.1f", (System.nanoTime() - started) / 60e9);
    String markdown = markdown(report, options, loadBefore, loadAverage(), minutes);
    System.out.println();
    System.out.println(markdown);
    String out = options.get("out");
    if (out != null) {
      Path path = Paths.get(out);
      Files.createDirectories(path.toAbsolutePath().getParent());
      Files.write(path, markdown.getBytes(StandardCharsets.UTF_8));
      System.out.println("written to " + path);
    }
  }

  static String label(String key) {
    switch (key) {
      case "none":
        return Report.NONE;
      case "tracer":
        return Report.TRACER;
      case "otel":
        return Report.OTEL;
      case "disabled":
        return Report.DISABLED;
      default:
        throw new IllegalArgumentException("unknown mode " + key + " (none, tracer, otel, disabled)");
    }
  }

  static String markdown(Report report, Map<String, String> options, String loadBefore, String loadAfter, String minutes) {
    StringBuilder out = new StringBuilder();
    out.append("# Overhead\n\n");
    out.append(report.table()).append('\n');
    out.append("Targets:\n\n").append(String.join("\n", report.targets())).append("\n\n");
    out.append("Throughput and start-up of each run, in the order they ran:\n\n").append(report.perRun()).append('\n');
    out.append("Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append(" in ").append(minutes).append(" min on ").append(machine()).append(".  \n");
    out.append("Load average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
        .append(". The machine is shared, so other processes compete for its cores during the runs.  \n");
    out.append("Each run: `java -jar example-app.jar serve <port>` (front, which starts back under the same agent; ")
        .append(options.get("heap"))
        .append("), warm-up ").append(options.get("warmup")).append(" s, then ").append(options.get("measure"))
        .append(" s measured, ").append(options.get("concurrency"))
        .append(" concurrent closed-loop connections from a separate load-generator JVM; both agents export OTLP/HTTP "
            + "to the same local receiver, traces only (metrics exporters off, and the OpenTelemetry agent's logs exporter).");
    if (!options.get("note").isEmpty()) {
      out.append("  \n").append(options.get("note"));
    }
    out.append('\n');
    return out.toString();
  }

  /** One run; {@code tag} names its log files. */
  private RunResult run(String mode, String tag) throws Exception {
    int frontPort = freePort();
    long spansBefore = sink.spans.get();
    long start = System.nanoTime();
    Process front = launch(mode, tag, frontPort);
    Process load = null;
    RunResult result = new RunResult();
    try {
      String base = "http://127.0.0.1:" + frontPort;
      awaitFirstRequest(base, front);
      result.startupMillis = (System.nanoTime() - start) / 1e6;
      // front starts back as a child JVM; both are measured
      long[] pids = {front.pid(), backPid(front)};
      result.startupCpuSeconds = cpuSeconds(pids);

      load = new ProcessBuilder(javaCommand(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          LoadGenerator.class.getName(), base, options.get("concurrency"), options.get("warmup"), options.get("measure"))
          .redirectError(logs.resolve(tag + "-load.log").toFile()).start();
      BufferedReader loadOut = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
      String warm = loadOut.readLine();
      if (warm == null || !warm.startsWith("warm ")) {
        throw new IOException("load generator: " + warm);
      }
      long warmRequests = Long.parseLong(keyValues(warm).get("requests"));
      result.heapMb = heapAfterGcMb(pids[0]) + heapAfterGcMb(pids[1]);
      double cpuBefore = cpuSeconds(pids);
      Writer go = new OutputStreamWriter(load.getOutputStream(), StandardCharsets.UTF_8);
      go.write("go\n");
      go.flush();
      String measured = loadOut.readLine();
      double cpuAfter = cpuSeconds(pids);
      load.waitFor(30, TimeUnit.SECONDS);
      Map<String, String> values = keyValues(measured);
      long requests = Long.parseLong(values.get("requests"));
      result.errors = Long.parseLong(values.get("errors"));
      result.throughput = requests / Double.parseDouble(values.get("seconds"));
      result.p50Millis = Long.parseLong(values.get("p50_us")) / 1000.0;
      result.p99Millis = Long.parseLong(values.get("p99_us")) / 1000.0;
      result.cpuMillisPerRequest = requests == 0 ? Double.NaN : (cpuAfter - cpuBefore) * 1000 / requests;
      result.peakRssMb = peakRssMb(pids[0]) + peakRssMb(pids[1]);
      stop(front);
      // the agents flush on shutdown; what arrived over the whole run per request served in it
      result.spansPerRequest = (sink.spans.get() - spansBefore) / (double) Math.max(1, requests + warmRequests);
      return result;
    } finally {
      if (load != null) {
        load.destroyForcibly();
      }
      stop(front);
    }
  }

  /** The example application, {@code serve <port>}: front on that port, back started by front. */
  private Process launch(String mode, String tag, int port) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaCommand());
    command.addAll(Arrays.asList(options.get("heap").split(" ")));
    if (!mode.equals(Report.NONE)) {
      command.add("-javaagent:" + (mode.equals(Report.OTEL) ? options.get("otelJar") : options.get("tracerJar")));
    }
    command.add("-jar");
    command.add(options.get("appJar"));
    command.add("serve");
    command.add(String.valueOf(port));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(logs.resolve(tag + ".log").toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("TRACER_") || name.startsWith("OTEL_"));
    // front names back's service itself (example-back)
    if (mode.equals(Report.TRACER)) {
      env.put("TRACER_SERVICE_NAME", "example-front");
      env.put("TRACER_EXPORTER", "otlp");
      env.put("TRACER_OTLP_ENDPOINT", sink.endpoint());
      env.put("TRACER_METRICS_EXPORTER", "none"); // as for the OpenTelemetry agent: traces only
    } else if (mode.equals(Report.OTEL)) {
      env.put("OTEL_SERVICE_NAME", "example-front");
      env.put("OTEL_TRACES_EXPORTER", "otlp");
      env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", sink.endpoint());
      env.put("OTEL_METRICS_EXPORTER", "none");
      env.put("OTEL_LOGS_EXPORTER", "none");
    } else if (mode.equals(Report.DISABLED)) {
      env.put("TRACER_ENABLED", "false");
    }
    return builder.start();
  }

  private static long backPid(Process front) throws IOException {
    return front.toHandle().children().findFirst()
        .orElseThrow(() -> new IOException("front serves but has no back process")).pid();
  }

  private void awaitFirstRequest(String base, Process front) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/orders/1")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!front.isAlive()) {
        throw new IOException("the application exited during start-up; see " + logs);
      }
      try {
        if (probe.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet, or back not up yet
      }
      Thread.sleep(10);
    }
    throw new IOException("no request served within 120 s; see " + logs);
  }

  /** Stops front, which stops back; if front does not end in time, both are killed. */
  private static void stop(Process front) throws InterruptedException {
    if (front.isAlive()) {
      List<ProcessHandle> children = new ArrayList<>();
      front.toHandle().children().forEach(children::add);
      front.destroy();
      if (!front.waitFor(30, TimeUnit.SECONDS)) {
        children.forEach(ProcessHandle::destroyForcibly);
        front.destroyForcibly().waitFor();
      }
    }
  }

  /** utime + stime of the processes, from /proc/<pid>/stat. */
  static double cpuSeconds(long... pids) throws IOException {
    double seconds = 0;
    for (long pid : pids) {
      String stat = new String(Files.readAllBytes(Paths.get("/proc/" + pid + "/stat")), StandardCharsets.US_ASCII);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields[0] is field 3 (state): utime is field 14, stime field 15
      seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
    }
    return seconds;
  }

  static double peakRssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Paths.get("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  /** Heap used after a full GC, by jcmd in one attach (GC.run, then GC.heap_info). */
  private double heapAfterGcMb(long pid) throws Exception {
    Path commands = logs.resolve("jcmd-commands.txt");
    Files.write(commands, "GC.run\nGC.heap_info\n".getBytes(StandardCharsets.US_ASCII));
    Process jcmd = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(pid), "-f", commands.toString()).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(30, TimeUnit.SECONDS);
    Matcher used = HEAP_USED.matcher(output);
    return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
  }

  static Map<String, String> keyValues(String line) throws IOException {
    if (line == null) {
      throw new IOException("the load generator ended without a result");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : line.trim().split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return values;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String javaCommand() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String loadAverage() {
    try {
      String[] parts = new String(Files.readAllBytes(Paths.get("/proc/loadavg")), StandardCharsets.US_ASCII).split(" ");
      return parts[0] + ", " + parts[1] + ", " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String machine() {
    long memKb = 0;
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException ignored) {
      // unknown memory
    }
    return Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + Math.round(memKb / 1024.0 / 1024.0)
        + " GB memory, JDK " + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")";
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String ticks = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      getconf.waitFor();
      return Long.parseLong(ticks);
    } catch (Exception e) {
      return 100;
    }
  }
}
