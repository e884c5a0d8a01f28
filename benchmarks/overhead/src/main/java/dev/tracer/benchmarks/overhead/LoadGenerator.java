package dev.tracer.benchmarks.overhead;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed-loop load generator in its own JVM: {@code <baseUrl> <concurrency> [paths]}. For each line on standard
 * input (a number of seconds) each of {@code concurrency} threads sends {@code GET <baseUrl><path>} back to back
 * for that long, then it prints one line: {@code requests=.. errors=.. seconds=.. p50_us=.. p99_us=..}. It stays
 * up between windows, so its own JIT stays warm; it exits at the end of its input. {@code paths} is a
 * comma-separated list (default {@value #DEFAULT_PATHS}, the example's order book) that each thread takes in turn,
 * so every path gets the same share of the requests; {@code {a-b}} in a path is a random number from a to b.
 */
public final class LoadGenerator {
  static final String DEFAULT_PATHS = "/orders/{1-3}";
  private static final Pattern RANGE = Pattern.compile("\\{(\\d+)-(\\d+)}");

  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    int concurrency = Integer.parseInt(args[1]);
    String[] paths = (args.length > 2 ? args[2] : DEFAULT_PATHS).split(",");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      System.out.println(run(client, base, paths, concurrency, Double.parseDouble(line.trim())));
      System.out.flush();
    }
    System.exit(0);
  }

  static Result run(HttpClient client, String base, String[] paths, int concurrency, double seconds)
      throws InterruptedException {
    Worker[] workers = new Worker[concurrency];
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    for (int i = 0; i < concurrency; i++) {
      workers[i] = new Worker(client, base, paths, i, deadline);
      workers[i].start();
    }
    for (Worker worker : workers) {
      worker.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    int total = 0;
    long errors = 0;
    for (Worker worker : workers) {
      total += worker.count;
      errors += worker.errors;
    }
    long[] all = new long[total];
    int at = 0;
    for (Worker worker : workers) {
      System.arraycopy(worker.latencies, 0, all, at, worker.count);
      at += worker.count;
    }
    Arrays.sort(all);
    return new Result(total, errors, elapsed, percentile(all, 0.50), percentile(all, 0.99));
  }

  /** Nearest-rank percentile of sorted values, in the values' unit; 0 when there are none. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** The path with each {@code {a-b}} replaced by a random number from a to b. */
  static String expand(String path) {
    Matcher range = RANGE.matcher(path);
    StringBuilder out = new StringBuilder();
    while (range.find()) {
      int from = Integer.parseInt(range.group(1));
      int to = Integer.parseInt(range.group(2));
      range.appendReplacement(out, String.valueOf(ThreadLocalRandom.current().nextInt(from, to + 1)));
    }
    return range.appendTail(out).toString();
  }

  static final class Result {
    final long requests;
    final long errors;
    final double seconds;
    final long p50Micros;
    final long p99Micros;

    Result(long requests, long errors, double seconds, long p50Micros, long p99Micros) {
      this.requests = requests;
      this.errors = errors;
      this.seconds = seconds;
      this.p50Micros = p50Micros;
      this.p99Micros = p99Micros;
    }

    @Override
    public String toString() {
      return "requests=" + requests + " errors=" + errors + " seconds=" + seconds + " p50_us=" + p50Micros + " p99_us=" + p99Micros;
    }
  }

  private static final class Worker extends Thread {
    private final HttpClient client;
    private final String base;
    private final String[] paths;
    private int next;
    private final long deadline;
    long[] latencies = new long[4096];
    int count;
    long errors;

    Worker(HttpClient client, String base, String[] paths, int index, long deadline) {
      this.client = client;
      this.base = base;
      this.paths = paths;
      this.next = index % paths.length; // the threads start at different paths
      this.deadline = deadline;
    }

    @Override
    public void run() {
      while (true) {
        long start = System.nanoTime();
        if (start - deadline >= 0) {
          return;
        }
        String path = expand(paths[next]);
        next = (next + 1) % paths.length;
        boolean ok;
        try {
          HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
              HttpResponse.BodyHandlers.discarding());
          ok = response.statusCode() == 200;
        } catch (Exception e) {
          ok = false;
        }
        if (!ok) {
          errors++;
          continue;
        }
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = (System.nanoTime() - start) / 1000;
      }
    }
  }
}
