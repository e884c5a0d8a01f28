package dev.tracer.benchmarks.soak;

import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.FaultProxy;
import dev.tracer.testing.OtlpReceiver;
import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * The reliability soak (issue #21): {@link SoakApp} under tracer.jar exporting over OTLP through a
 * {@link FaultProxy} that takes turns every {@code period} seconds: up (forwarding to a real OTLP receiver),
 * down (refused), hanging (accepted, never answered). Prints the application's heap and RSS over time, the
 * agent's exit line (per exporter: exported + dropped must equal the spans ended), what the receiver got, and
 * how long the exit took. Usage: {@code SoakMain [seconds=600] [period=60] [threads=4]}.
 */
public final class SoakMain {
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    int period = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    try (OtlpReceiver receiver = new OtlpReceiver(); FaultProxy proxy = new FaultProxy()) {
      proxy.forward(receiver.port());
      String classpath = new File(SoakMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath()
          + File.pathSeparator + AgentProcess.appClasspath("h2-");
      AgentProcess app = AgentProcess.builder(SoakApp.class).classpath(classpath)
          .env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", proxy.url())
          .env("TRACER_EXPORT_TIMEOUT", "2s")
          .env("TRACER_SERVICE_NAME", "soak")
          .jvmArg("-Xmx256m")
          .args(String.valueOf(seconds), String.valueOf(threads), String.valueOf(Math.max(5, period / 2)))
          .start();
      long received = 0;
      long start = System.nanoTime();
      String[] modes = {"up", "down", "hang"};
      int turn = 0;
      int printed = 0;
      long doneAt = 0;
      while (app.process().isAlive()) {
        long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        int wanted = (int) (elapsed / period) % modes.length;
        if (wanted != turn) {
          turn = wanted;
          switch (modes[turn]) {
            case "up": proxy.forward(receiver.port()); break;
            case "down": proxy.down(); break;
            default: proxy.hang(); break;
          }
          System.out.println("t=" + elapsed + "s backend " + modes[turn]);
        }
        received += drain(receiver);
        String[] lines = app.stdout().split("\n");
        for (; printed < lines.length && lines[printed].length() > 0; printed++) {
          System.out.println("app: " + lines[printed]);
          if (lines[printed].equals("done") && doneAt == 0) {
            doneAt = System.nanoTime();
          }
        }
        Thread.sleep(200);
      }
      long exitMillis = doneAt == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - doneAt);
      Thread.sleep(500);
      received += drain(receiver);
      String[] lines = app.stdout().split("\n");
      for (; printed < lines.length; printed++) {
        System.out.println("app: " + lines[printed]);
      }
      app.stderr().lines().filter(l -> l.startsWith("[tracer]")).forEach(l -> System.out.println("agent: " + l));
      long ended = app.stdout().lines().filter(l -> l.startsWith("ended ")).mapToLong(l -> Long.parseLong(l.substring(6)))
          .findFirst().orElse(-1);
      String summary = app.stderr().lines().filter(l -> l.startsWith("[tracer] spans: ")).findFirst().orElse("");
      long exported = number(summary, "exported=");
      long dropped = number(summary, "dropped=");
      System.out.println("spans ended=" + ended + " exported=" + exported + " dropped=" + dropped
          + " (exported+dropped " + (exported + dropped == ended ? "==" : "!=") + " ended)"
          + " received=" + received + " (received " + (received >= exported ? ">=" : "<") + " exported: a timed-out"
          + " request may still arrive)");
      System.out.println("exit took " + exitMillis + " ms after 'done' (budget 5000 ms + JVM exit); exit code "
          + app.process().exitValue());
    }
  }

  /** Spans received since the last call, forgotten so that a long run does not fill the heap. */
  private static long drain(OtlpReceiver receiver) {
    synchronized (receiver) {
      int n = receiver.spans().size();
      receiver.clear();
      return n;
    }
  }

  private static long number(String line, String key) {
    int at = line.indexOf(key);
    if (at < 0) {
      return -1;
    }
    int end = at + key.length();
    while (end < line.length() && Character.isDigit(line.charAt(end))) {
      end++;
    }
    return Long.parseLong(line.substring(at + key.length(), end));
  }
}
