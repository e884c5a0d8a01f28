package dev.tracer.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java application run in its own JVM with {@code -javaagent:tracer.jar}, exactly as a user runs it. Its
 * standard output and error are captured in files and readable while it runs.
 */
public final class AgentProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;
  private final String description;

  private AgentProcess(Process process, Path out, Path err, String description) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.description = description;
  }

  /** tracer.jar as built by the {@code agent} module (surefire passes its path as {@code tracer.jar}). */
  public static Path tracerJar() {
    String configured = System.getProperty("tracer.jar");
    Path jar = configured != null ? Paths.get(configured) : Paths.get("../agent/target/tracer.jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("tracer.jar not found at " + jar.toAbsolutePath() + ": build the agent module first");
    }
    return jar.toAbsolutePath();
  }

  /**
   * The JDKs smoke tests run on: this one, plus {@code /usr/lib/jvm/temurin-25-jdk-amd64} when present, or the
   * comma-separated java homes of {@code TRACER_TEST_JDKS}.
   */
  public static List<String> javaHomes() {
    List<String> homes = new ArrayList<>();
    homes.add(System.getProperty("java.home"));
    String configured = System.getenv("TRACER_TEST_JDKS");
    List<String> extra = configured != null ? Arrays.asList(configured.split(",")) : Arrays.asList("/usr/lib/jvm/temurin-25-jdk-amd64");
    for (String home : extra) {
      String trimmed = home.trim();
      if (!trimmed.isEmpty() && new File(trimmed, "bin/java").canExecute() && !homes.contains(trimmed)) {
        homes.add(trimmed);
      }
    }
    return homes;
  }

  /**
   * An application's class path: the test classes plus the jars of the test class path whose file names start
   * with one of {@code jarPrefixes} (e.g. {@code "h2-"}), plus any extra entries. Keeps the agent's own
   * libraries, which the test JVM has, away from the application.
   */
  public static String appClasspath(List<String> extra, String... jarPrefixes) {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = new File(entry).getName();
      if (new File(entry).isDirectory() && entry.endsWith("test-classes")) {
        entries.add(entry);
        continue;
      }
      for (String prefix : jarPrefixes) {
        if (name.startsWith(prefix) && name.endsWith(".jar")) {
          entries.add(entry);
        }
      }
    }
    entries.addAll(extra);
    return String.join(File.pathSeparator, entries);
  }

  public static String appClasspath(String... jarPrefixes) {
    return appClasspath(new ArrayList<>(), jarPrefixes);
  }

  public static Builder builder(Class<?> mainClass) {
    return new Builder(mainClass.getName());
  }

  public static Builder builder(String mainClass) {
    return new Builder(mainClass);
  }

  /** {@code java -javaagent:tracer.jar -jar path}, as the README runs the example. */
  public static Builder jarBuilder(String path) {
    return new Builder(new File(path).getName()).jar(path);
  }

  /** How to start one application JVM. */
  public static final class Builder {
    private final String mainClass;
    private String javaHome = System.getProperty("java.home");
    private String classpath = System.getProperty("java.class.path");
    private String jar;
    private boolean agent = true;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();

    Builder(String mainClass) {
      this.mainClass = mainClass;
      // a clean slate: no TRACER_/OTEL_ settings leak in from the machine running the tests
      env.put("TRACER_LOG_LEVEL", "info");
    }

    public Builder javaHome(String home) {
      this.javaHome = home;
      return this;
    }

    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /** Runs {@code java -jar jar} instead of a main class on a class path. */
    public Builder jar(String path) {
      this.jar = path;
      return this;
    }

    public Builder withoutAgent() {
      this.agent = false;
      return this;
    }

    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    public Builder args(String... values) {
      args.addAll(Arrays.asList(values));
      return this;
    }

    public AgentProcess start() throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Paths.get(javaHome, "bin", "java").toString());
      if (agent) {
        command.add("-javaagent:" + tracerJar());
      }
      command.addAll(jvmArgs);
      if (jar != null) {
        command.add("-jar");
        command.add(jar);
      } else {
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass);
      }
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().keySet().removeIf(k -> k.startsWith("TRACER_") || k.startsWith("OTEL_"));
      builder.environment().putAll(env);
      Path out = Files.createTempFile("app-out", ".log");
      Path err = Files.createTempFile("app-err", ".log");
      builder.redirectOutput(out.toFile());
      builder.redirectError(err.toFile());
      builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      String simpleName = mainClass.substring(mainClass.lastIndexOf('.') + 1);
      return new AgentProcess(builder.start(), out, err, simpleName + " on " + javaHome);
    }

    /** Starts, waits up to {@code timeoutSeconds} for the exit, and fails when it does not end or fails. */
    public AgentProcess run(int timeoutSeconds) throws Exception {
      AgentProcess process = start();
      process.awaitExit(timeoutSeconds);
      return process;
    }
  }

  /** Waits for the JVM to end and asserts exit code 0 (prints its output when not). */
  public int awaitExit(int timeoutSeconds) throws Exception {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(description + " did not exit within " + timeoutSeconds + " s\n" + dump());
    }
    return process.exitValue();
  }

  public void assertSucceeded() {
    if (process.isAlive() || process.exitValue() != 0) {
      throw new AssertionError(description + " failed\n" + dump());
    }
  }

  /** Waits until standard output or error contains {@code text}. */
  public void awaitOutput(String text, int timeoutSeconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!(stdout().contains(text) || stderr().contains(text))) {
      if (!process.isAlive()) {
        throw new AssertionError(description + " exited before printing '" + text + "'\n" + dump());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(description + " did not print '" + text + "' within " + timeoutSeconds + " s\n" + dump());
      }
      Thread.sleep(50);
    }
  }

  public String stdout() {
    return read(out);
  }

  public String stderr() {
    return read(err);
  }

  public Process process() {
    return process;
  }

  public String dump() {
    return "--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
  }

  private static String read(Path path) {
    try {
      return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
