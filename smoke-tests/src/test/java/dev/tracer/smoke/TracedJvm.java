package dev.tracer.smoke;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@link ExportApp} in its own JVM under {@code -javaagent:tracer.jar}, with its output collected. */
final class TracedJvm {
  final Process process;
  final List<String> stdout = new CopyOnWriteArrayList<>();
  final List<String> stderr = new CopyOnWriteArrayList<>();
  private final List<Thread> readers = new ArrayList<>();

  private TracedJvm(Process process) {
    this.process = process;
    readers.add(collect(process.getInputStream(), stdout));
    readers.add(collect(process.getErrorStream(), stderr));
  }

  static TracedJvm start(Map<String, String> env, String... args) throws IOException {
    String jar = System.getProperty("tracer.jar");
    if (jar == null || !new File(jar).isFile()) {
      throw new IllegalStateException("tracer.jar not built: " + jar);
    }
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + "/bin/java");
    command.add("-javaagent:" + jar);
    command.add("-cp");
    command.add(appClassPath());
    command.add(ExportApp.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("TRACER_") || name.startsWith("OTEL_"));
    builder.environment().putAll(env);
    return new TracedJvm(builder.start());
  }

  /** Only the test classes and H2: the application does not see the agent's libraries. */
  private static String appClassPath() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith("test-classes") || new File(entry).getName().startsWith("h2-")) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Waits for the JVM to end and for its last output lines to be read. */
  boolean waitFor(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      return false;
    }
    for (Thread reader : readers) {
      reader.join(5000);
    }
    return true;
  }

  boolean awaitStdout(String line, int seconds) {
    return dev.tracer.testing.Waiting.until(() -> stdout.contains(line) || !process.isAlive(), seconds)
        && stdout.contains(line);
  }

  int ended() {
    for (String line : stdout) {
      if (line.startsWith("ended ")) {
        return Integer.parseInt(line.substring(6));
      }
    }
    return -1;
  }

  /** The agent's summary line at shutdown. */
  String summary() {
    for (String line : stderr) {
      if (line.startsWith("[tracer] spans: ")) {
        return line;
      }
    }
    return null;
  }

  private static Thread collect(java.io.InputStream stream, List<String> into) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          into.add(line);
        }
      } catch (IOException ignored) {
        // process gone
      }
    });
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
