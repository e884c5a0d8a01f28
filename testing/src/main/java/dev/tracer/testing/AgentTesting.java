package dev.tracer.testing;

import dev.tracer.agent.Agent;
import dev.tracer.agent.Config;
import dev.tracer.agent.Tracing;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The agent installed in the test JVM, exactly as premain would install it (same instrumentations, handlers,
 * queue), but exporting to memory so that tests can assert on what was exported.
 */
public final class AgentTesting {
  private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();
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
    tracing = Agent.install(ByteBuddyAgent.install(), config, EXPORTER, AgentTesting.class.getClassLoader());
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
