package dev.tracer.testing;

import dev.tracer.agent.Agent;
import dev.tracer.agent.Config;
import dev.tracer.agent.Tracing;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The agent installed in the test JVM, exactly as premain would install it (same instrumentations, handlers,
 * queue), but exporting to memory so that tests can assert on what was exported.
 */
public final class AgentTesting {
  private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
  private static final String BOOTSTRAP_MARKER = "dev/tracer/bootstrap/Dispatch.class";
  private static Tracing tracing;

  private AgentTesting() {}

  /** Installs once per JVM; {@code properties} are {@code tracer.*} settings for that one install. */
  public static synchronized void install(Map<String, String> properties) {
    if (tracing != null) {
      return;
    }
    Map<String, String> props = new HashMap<>();
    props.put("tracer.flush.interval", "50ms");
    props.put("tracer.service.name", "test");
    props.putAll(properties);
    Config config = new Config(new HashMap<>(), props);
    Instrumentation inst = ByteBuddyAgent.install();
    bootstrapOnBootClassPath(inst);
    tracing = Agent.install(inst, config, EXPORTER, AgentTesting.class.getClassLoader());
  }

  /**
   * As tracer.jar does at start-up: the bootstrap classes go on the bootstrap class path, so that advice
   * inlined into JDK classes (executors, JDK HTTP clients) resolves them, and there is one copy of them in the
   * JVM. Must run before anything loads a bootstrap class from the test class path.
   */
  private static void bootstrapOnBootClassPath(Instrumentation inst) {
    try {
      URL dispatch = AgentTesting.class.getClassLoader().getResource(BOOTSTRAP_MARKER);
      if (dispatch == null) {
        throw new IllegalStateException("tracer-bootstrap is not on the test class path");
      }
      String url = dispatch.toString();
      File jar;
      if (url.startsWith("jar:file:")) {
        jar = new File(URI.create(url.substring("jar:".length(), url.indexOf("!/"))));
      } else {
        Path classes = Paths.get(dispatch.toURI()).getParent().getParent().getParent().getParent();
        jar = jarOf(classes);
      }
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      Class<?> loaded = Class.forName("dev.tracer.bootstrap.Dispatch", false, AgentTesting.class.getClassLoader());
      if (loaded.getClassLoader() != null) {
        // JDK classes then cannot see the agent: only their instrumentations (executors, JDK HTTP) are affected
        System.err.println("[tracer-test] dev.tracer.bootstrap was loaded from the class path before"
            + " AgentTesting.install(): instrumentations of JDK classes will not work in this JVM");
      }
    } catch (IOException | URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException("could not put tracer-bootstrap on the bootstrap class path", e);
    }
  }

  private static File jarOf(Path classes) throws IOException {
    File jar = File.createTempFile("tracer-bootstrap", ".jar");
    jar.deleteOnExit();
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar.toPath()));
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  public static void install() {
    install(new HashMap<>());
  }

  /** Forgets what was exported so far (call before each test). */
  public static void reset() {
    flush();
    EXPORTER.reset();
  }

  public static void flush() {
    if (tracing != null && tracing.queue != null) {
      tracing.queue.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** Everything exported so far, after one flush: for asserting that nothing was. */
  public static List<SpanData> exported() {
    flush();
    return new ArrayList<>(EXPORTER.getFinishedSpanItems());
  }

  /** Waits (up to 10 s) until {@code count} spans were exported, then returns all exported so far. */
  public static List<SpanData> spans(int count) {
    return waitFor(spans -> spans.size() >= count);
  }

  public static List<SpanData> waitFor(Predicate<List<SpanData>> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      flush();
      List<SpanData> spans = new ArrayList<>(EXPORTER.getFinishedSpanItems());
      if (done.test(spans) || System.nanoTime() > deadline) {
        return spans;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return spans;
      }
    }
  }

  public static Tracing tracing() {
    return tracing;
  }
}
