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
 * Runs the two-service example application under each mode — no agent, tracer.jar, the OpenTelemetry Java
 * agent, tracer.jar with TRACER_ENABLED=false — and prints one table of medians with ratios to no agent.
 * Start-up: each mode launched {@code launches} times, in rotating order. Load: the last launch of every mode
 * stays up; all are warmed up, then measured in short windows taken in turn (mode A, B, C, D, A, B, ...), each by
 * its own load-generator JVM, so that a slow minute of a shared machine lands on every mode alike rather than on
 * one. Arguments are {@code key=value}; see {@link #main}.
 */
public final class Harness {
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final long CLOCK_TICKS = clockTicks();

  private final Map<String, String> options;
  private final Path logs;
  private final HttpClient probe = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private Harness(Map<String, String> options) throws IOException {
    this.options = options;
    this.logs = Files.createDirectories(Paths.get(options.get("logs")));
  }

  /**
   * {@code tracerJar= otelJar= appJar= out= logs= launches=3 warmup=60 window=5 windows=8 concurrency=8
   * modes=none,tracer,otel,disabled note= metricsInterval=5s}; mode {@code before} runs {@code beforeJar=} (another
   * tracer.jar, say of an earlier commit) as tracer, for a before/after in one run; modes {@code tracer-metrics} and
   * {@code tracer-metrics-noruntime} export metrics over OTLP every {@code metricsInterval}, with and without the
   * JVM runtime metrics, for what those cost per request.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    // the JIT needs tens of seconds under load before throughput levels off (no agent: about 4x between 5 s
    // and 45 s on 2 cores; with an agent's advice inlined into the hot methods, C2 is still busy at 60 s);
    // shorter warm-ups compare how fast each mode warms up, not what it costs per request
    options.put("launches", "3");
    options.put("warmup", "60");
    options.put("window", "5");
    options.put("windows", "8");
    options.put("concurrency", "8");
    options.put("modes", "none,tracer,otel,disabled");
    options.put("logs", "target/overhead-logs");
    // a fixed, pre-touched heap: peak RSS then differs by what an agent adds outside the heap (metaspace, code,
    // threads, buffers) rather than by how far each run's allocation rate happened to grow the heap
    options.put("heap", "-Xms512m -Xmx512m -XX:+AlwaysPreTouch");
    options.put("note", "");
    options.put("metricsInterval", "5s");
    putArguments(options, args);
    List<String> modes = new ArrayList<>();
    for (String key : options.get("modes").split(",")) {
      modes.add(label(key.trim()));
    }
    String loadBefore = loadAverage();
    long started = System.nanoTime();
    Report report = new Report(modes);
    List<Service> services = new ArrayList<>();
    try {
      Harness harness = new Harness(options);
      for (String mode : modes) {
        services.add(harness.new Service(mode));
      }
      harness.measure(services, report);
    } finally {
      for (Service service : services) {
        service.close();
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

  /** Puts each {@code key=value} argument into {@code options}, over the default there. */
  static void putArguments(Map<String, String> options, String[] args) {
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not key=value: " + arg);
      }
      options.put(arg.substring(0, eq), arg.substring(eq + 1));
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
      case "before":
        return Report.BEFORE;
      case "tracer-metrics":
        return Report.METRICS;
      case "tracer-metrics-noruntime":
        return Report.METRICS_NO_RUNTIME;
      default:
        throw new IllegalArgumentException("unknown mode " + key
            + " (none, tracer, otel, disabled, before, tracer-metrics, tracer-metrics-noruntime)");
    }
  }

  static String markdown(Report report, Map<String, String> options, String loadBefore, String loadAfter, String minutes) {
    StringBuilder out = new StringBuilder();
    out.append("# Overhead\n\n");
    out.append(report.table()).append('\n');
    if (!report.targets().isEmpty()) {
      out.append("Targets:\n\n").append(String.join("\n", report.targets())).append("\n\n");
    }
    out.append("Every sample, in the order taken:\n\n").append(report.perRun()).append('\n');
    out.append("Run ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append(" in ").append(minutes).append(" min on ").append(machine()).append(".  \n");
    out.append("Load average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter)
        .append(". The machine is shared, so other processes compete for its cores during the runs.  \n");
    out.append("Each mode: `java ").append(options.get("heap")).append(" [-javaagent:...] -jar example-app.jar serve <port>` "
        + "(front, which starts back with the same agent and heap options), launched ").append(options.get("launches"))
        .append(" times for start-up (the last launch stays up); then every mode is warmed up for ")
        .append(options.get("warmup")).append(" s and measured in ").append(options.get("windows")).append(" windows of ")
        .append(options.get("window")).append(" s, the modes taking turns window by window, under ")
        .append(options.get("concurrency")).append(" concurrent closed-loop connections from a load-generator JVM of "
            + "their own. Both agents export OTLP/HTTP to a local receiver, traces only (metrics exporters off, and the "
            + "OpenTelemetry agent's logs exporter)");
    if (options.get("modes").contains("tracer-metrics")) {
      out.append(", except the tracer-metrics modes, which export metrics over OTLP too, every ")
          .append(options.get("metricsInterval"));
    }
    out.append(". Heap used is measured after the windows and a full GC; peak RSS at the end.");
    if (!options.get("note").isEmpty()) {
      out.append("  \n").append(options.get("note"));
    }
    out.append('\n');
    return out.toString();
  }

  /** Launches (start-up), warm-up, measured windows, then memory and spans; every sample goes to the report. */
  private void measure(List<Service> services, Report report) throws Exception {
    int launches = Integer.parseInt(options.get("launches"));
    for (int launch = 0; launch < launches; launch++) {
      for (int i = 0; i < services.size(); i++) {
        Service service = services.get((i + launch) % services.size());
        RunResult startup = service.launch(launch + 1, launch == launches - 1);
        report.add(service.mode, startup);
        System.out.printf("launch %d/%d %-30s start-up %6.0f ms, %.2f CPU s%n", launch + 1, launches, service.mode,
            startup.startupMillis, startup.startupCpuSeconds);
      }
    }
    double window = Double.parseDouble(options.get("window"));
    int warmWindows = (int) Math.ceil(Double.parseDouble(options.get("warmup")) / window);
    for (int i = 0; i < warmWindows; i++) {
      for (Service service : services) {
        service.load(window);
      }
    }
    int windows = Integer.parseInt(options.get("windows"));
    for (int i = 0; i < windows; i++) {
      for (int j = 0; j < services.size(); j++) {
        Service service = services.get((i + j) % services.size());
        RunResult measured = service.measuredWindow(window);
        report.add(service.mode, measured);
        System.out.printf("window %d/%d %-30s %7.1f req/s, p50 %.2f ms, p99 %.2f ms, %.3f CPU ms/req%s%n", i + 1, windows,
            service.mode, measured.throughput, measured.p50Millis, measured.p99Millis, measured.cpuMillisPerRequest,
            measured.errors > 0 ? ", " + measured.errors + " FAILED" : "");
      }
    }
    // after the windows: a full GC (and jcmd's attach) just before a window would slow the next one down
    for (Service service : services) {
      RunResult memory = new RunResult();
      memory.heapMb = heapAfterGcMb(service.front.pid()) + heapAfterGcMb(service.back);
      report.add(service.mode, memory);
    }
    for (Service service : services) {
      RunResult end = service.finish();
      report.add(service.mode, end);
      System.out.printf("end %-30s RSS %4.0f MB, %.1f spans/req, %d metric exports (%d bytes)%n", service.mode,
          end.peakRssMb, end.spansPerRequest, service.sink.metricExports.get(), service.sink.metricBytes.get());
    }
  }

  /**
   * One mode: its OTLP receiver, its application ({@code java -jar example-app.jar serve <port>}: front on that
   * port, back started by front under the same agent) and its load generator.
   */
  private final class Service implements AutoCloseable {
    final String mode;
    final OtlpSink sink = new OtlpSink();
    Process front;
    long back;
    String base;
    Process load;
    BufferedReader loadOut;
    Writer loadIn;
    long requests;

    Service(String mode) throws IOException {
      this.mode = mode;
    }

    /** Launches the application and waits for its first served request; the last launch stays up. */
    RunResult launch(int launch, boolean keep) throws Exception {
      int port = freePort();
      String tag = key(mode) + "-" + launch;
      long start = System.nanoTime();
      Process started = start(tag, port);
      RunResult result = new RunResult();
      try {
        base = "http://127.0.0.1:" + port;
        awaitFirstRequest(base, started);
        result.startupMillis = (System.nanoTime() - start) / 1e6;
        long backPid = backPid(started);
        result.startupCpuSeconds = cpuSeconds(started.pid(), backPid);
        if (keep) {
          front = started;
          back = backPid;
          load = new ProcessBuilder(javaCommand(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
              LoadGenerator.class.getName(), base, options.get("concurrency"))
              .redirectError(logs.resolve(key(mode) + "-load.log").toFile()).start();
          loadOut = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
          loadIn = new OutputStreamWriter(load.getOutputStream(), StandardCharsets.UTF_8);
        }
        return result;
      } finally {
        if (!keep) {
          stop(started);
        }
      }
    }

    private Process start(String tag, int port) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(javaCommand());
      command.addAll(Arrays.asList(options.get("heap").split(" ")));
      if (!mode.equals(Report.NONE)) {
        String jar = mode.equals(Report.OTEL) ? "otelJar" : mode.equals(Report.BEFORE) ? "beforeJar" : "tracerJar";
        command.add("-javaagent:" + options.get(jar));
      }
      command.add("-jar");
      command.add(options.get("appJar"));
      command.add("serve");
      command.add(String.valueOf(port));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(logs.resolve(tag + ".log").toFile());
      // front names back's service itself (example-back)
      agentEnvironment(builder.environment(), mode, sink.endpoint(), "example-front", options.get("metricsInterval"));
      return builder.start();
    }

    /** Load for that long; returns the load generator's line. */
    Map<String, String> load(double seconds) throws IOException {
      loadIn.write(seconds + "\n");
      loadIn.flush();
      Map<String, String> values = keyValues(loadOut.readLine());
      requests += Long.parseLong(values.get("requests"));
      return values;
    }

    RunResult measuredWindow(double seconds) throws IOException {
      double cpuBefore = cpuSeconds(front.pid(), back);
      Map<String, String> values = load(seconds);
      double cpuAfter = cpuSeconds(front.pid(), back);
      RunResult result = new RunResult();
      long served = Long.parseLong(values.get("requests"));
      result.errors = Long.parseLong(values.get("errors"));
      result.throughput = served / Double.parseDouble(values.get("seconds"));
      result.p50Millis = Long.parseLong(values.get("p50_us")) / 1000.0;
      result.p99Millis = Long.parseLong(values.get("p99_us")) / 1000.0;
      result.cpuMillisPerRequest = served == 0 ? Double.NaN : (cpuAfter - cpuBefore) * 1000 / served;
      return result;
    }

    /** Peak RSS, then stops the application (the agents flush on shutdown) and counts what arrived. */
    RunResult finish() throws Exception {
      RunResult result = new RunResult();
      result.peakRssMb = peakRssMb(front.pid()) + peakRssMb(back);
      stop(front);
      // over the whole life of the services: every request served under load
      result.spansPerRequest = sink.spans.get() / (double) Math.max(1, requests);
      return result;
    }

    @Override
    public void close() {
      if (load != null) {
        load.destroyForcibly();
      }
      if (front != null) {
        try {
          stop(front);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      sink.close();
    }
  }

  /**
   * The environment of an application JVM under {@code mode}: no TRACER_ or OTEL_ variable of this one's, and for
   * the agents an OTLP/HTTP export of traces only to {@code endpoint} (metrics too for the tracer-metrics modes,
   * every {@code metricsInterval}; TRACER_ENABLED=false for the disabled mode).
   */
  static void agentEnvironment(Map<String, String> env, String mode, String endpoint, String service,
      String metricsInterval) {
    env.keySet().removeIf(name -> name.startsWith("TRACER_") || name.startsWith("OTEL_"));
    if (mode.equals(Report.TRACER) || mode.equals(Report.BEFORE)) {
      env.put("TRACER_SERVICE_NAME", service);
      env.put("TRACER_EXPORTER", "otlp");
      env.put("TRACER_OTLP_ENDPOINT", endpoint);
      env.put("TRACER_METRICS_EXPORTER", "none"); // as for the OpenTelemetry agent: traces only
    } else if (mode.equals(Report.METRICS) || mode.equals(Report.METRICS_NO_RUNTIME)) {
      // what runtime metrics cost per request: the same export with and without them, at a short interval
      env.put("TRACER_SERVICE_NAME", service);
      env.put("TRACER_EXPORTER", "otlp");
      env.put("TRACER_OTLP_ENDPOINT", endpoint);
      env.put("TRACER_METRICS_INTERVAL", metricsInterval);
      env.put("TRACER_RUNTIME_METRICS_ENABLED", String.valueOf(mode.equals(Report.METRICS)));
    } else if (mode.equals(Report.OTEL)) {
      env.put("OTEL_SERVICE_NAME", service);
      env.put("OTEL_TRACES_EXPORTER", "otlp");
      env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
      env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
      env.put("OTEL_METRICS_EXPORTER", "none");
      env.put("OTEL_LOGS_EXPORTER", "none");
    } else if (mode.equals(Report.DISABLED)) {
      env.put("TRACER_ENABLED", "false");
    }
  }

  static String key(String mode) {
    switch (mode) {
      case Report.NONE:
        return "none";
      case Report.TRACER:
        return "tracer";
      case Report.OTEL:
        return "otel";
      case Report.BEFORE:
        return "before";
      case Report.METRICS:
        return "tracer-metrics";
      case Report.METRICS_NO_RUNTIME:
        return "tracer-metrics-noruntime";
      default:
        return "disabled";
    }
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
      seconds += statCpuSeconds(Paths.get("/proc/" + pid + "/stat"));
    }
    return seconds;
  }

  /**
   * utime + stime of the JVM's JIT compiler threads (named {@code C1 CompilerThread<n>} and
   * {@code C2 CompilerThread<n>}, which Linux shortens to 15 characters), from /proc/<pid>/task/<tid>/stat: how much
   * of a JVM's CPU went to compiling rather than to running the application. A compiler thread the JVM retired
   * meanwhile takes its CPU with it; with two cores the JVM keeps one thread of each.
   */
  static double jitCpuSeconds(long pid) throws IOException {
    double seconds = 0;
    try (java.util.stream.Stream<Path> tasks = Files.list(Paths.get("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String comm = new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.US_ASCII);
          if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
            seconds += statCpuSeconds(task.resolve("stat"));
          }
        } catch (IOException ended) {
          // the thread ended while listed
        }
      }
    }
    return seconds;
  }

  private static double statCpuSeconds(Path stat) throws IOException {
    String text = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime field 15
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
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
    return heapUsedMb(jcmd(logs, pid, "GC.run", "GC.heap_info"));
  }

  /** The heap used that GC.heap_info printed (its first "used"), in MB; NaN when there is none. */
  static double heapUsedMb(String heapInfo) {
    Matcher used = HEAP_USED.matcher(heapInfo);
    return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
  }

  /** What jcmd printed for {@code commands}, run in one attach to {@code pid} (through a command file in {@code dir}). */
  static String jcmd(Path dir, long pid, String... commands) throws Exception {
    Path file = dir.resolve("jcmd-" + pid + ".txt");
    Files.write(file, (String.join("\n", commands) + "\n").getBytes(StandardCharsets.US_ASCII));
    Process jcmd = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
        String.valueOf(pid), "-f", file.toString()).redirectErrorStream(true).start();
    String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(30, TimeUnit.SECONDS);
    return output;
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

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static String javaCommand() {
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
