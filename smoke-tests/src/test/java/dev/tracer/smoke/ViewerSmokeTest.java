package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.Waiting;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.File;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code java -jar tracer.jar view} in its own JVM: a flood within a small heap, and run under the agent itself. */
class ViewerSmokeTest {
  /**
   * 80 MB of span data (2 KB attributes) into a viewer with a 64 MB heap and a span limit it never reaches: the byte
   * budget (half the heap) evicts the oldest traces, the process keeps answering, no OutOfMemoryError.
   */
  @Test
  void aFloodOfSpansStaysWithinTheHeap() throws Exception {
    AgentProcess.Builder builder = AgentProcess.jarBuilder(AgentProcess.tracerJar().toString()).withoutAgent().jvmArg("-Xmx64m");
    try (ViewerProcess viewer = ViewerProcess.start(builder, "--max-spans", "10000000")) {
      String payload = "x".repeat(2000);
      for (int batch = 0; batch < 40; batch++) {
        List<Span> spans = new ArrayList<>();
        for (int t = 0; t < 100; t++) {
          ByteString traceId = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0xf100d).putLong(batch * 100L + t + 1).array());
          for (int s = 0; s < 10; s++) {
            spans.add(Span.newBuilder().setTraceId(traceId).setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(s + 1).array()))
                .setName("flood").setStartTimeUnixNano(1_700_000_000_000_000_000L).setEndTimeUnixNano(1_700_000_000_001_000_000L)
                .addAttributes(KeyValue.newBuilder().setKey("payload").setValue(AnyValue.newBuilder().setStringValue(payload + batch)))
                .build());
          }
        }
        assertThat(viewer.post(ViewerBrowserTest.request("flood", spans))).as(viewer.process.dump()).isEqualTo(200);
      }
      String stats = viewer.api("/api/stats");
      assertThat(stats).as(viewer.process.dump()).isNotNull();
      assertThat(number(stats, "evictedTraces")).isGreaterThan(2000);
      assertThat(number(stats, "bytes")).isLessThanOrEqualTo(32L * 1024 * 1024);
      assertThat(number(stats, "spans") % 10).as("whole traces").isZero();
      assertThat(viewer.api("/api/traces")).contains("\"total\":" + number(stats, "traces"));
      assertThat(viewer.process.process().isAlive()).isTrue();
      assertThat(viewer.process.stderr()).doesNotContain("OutOfMemoryError");
    }
  }

  /**
   * {@code java -javaagent:tracer.jar -jar tracer.jar view}, exporting to itself: the viewer's threads are the agent's
   * internal threads, and none of its own requests (page, API, OTLP) is a span it receives.
   */
  @Test
  void underTheAgentTheViewersOwnRequestsAreNeverTraced() throws Exception {
    int otlpPort;
    try (ServerSocket free = new ServerSocket(0)) {
      otlpPort = free.getLocalPort();
    }
    AgentProcess.Builder builder = AgentProcess.jarBuilder(AgentProcess.tracerJar().toString())
        .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", "http://127.0.0.1:" + otlpPort)
        .env("TRACER_SERVICE_NAME", "viewer-itself").env("TRACER_METRICS_INTERVAL", "1s");
    try (ViewerProcess viewer = ViewerProcess.start(builder, "--otlp-port", String.valueOf(otlpPort))) {
      // the agent completes its start on a thread of its own, while the application (here: the viewer) starts
      assertThat(Waiting.until(() -> viewer.process.stderr().contains("[tracer] started"), 30))
          .as(viewer.process.dump()).isTrue();
      assertThat(viewer.api("/")).contains("tracer view");
      assertThat(viewer.api("/api/traces")).isNotNull();
      ByteString traceId = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(1).putLong(2).array());
      assertThat(viewer.post(ViewerBrowserTest.request("probe", List.of(Span.newBuilder().setTraceId(traceId)
          .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(3).array())).setName("probe")
          .setStartTimeUnixNano(1).setEndTimeUnixNano(2).build())))).isEqualTo(200);
      // the agent exports to the viewer (its metrics arrive, twice after the requests above), so spans would have too
      assertThat(Waiting.until(() -> number(viewer.api("/api/stats"), "metrics") > 0, 30)).as(viewer.process.dump()).isTrue();
      long metrics = number(viewer.api("/api/stats"), "metrics");
      assertThat(Waiting.until(() -> number(viewer.api("/api/stats"), "metrics") > metrics, 30)).isTrue();
      String stats = viewer.api("/api/stats");
      assertThat(stats).contains("\"agentInternalThreads\":true");
      assertThat(number(stats, "spans")).as("only the probe: " + viewer.api("/api/traces")).isEqualTo(1);
      assertThat(viewer.api("/api/traces")).doesNotContain("viewer-itself");
    }
  }

  /** {@code --help} names the command; a bad option is one line and the usage, exit code 2. */
  @Test
  void helpNamesViewAndABadOptionExitsWithTheUsage() throws Exception {
    AgentProcess help = AgentProcess.jarBuilder(AgentProcess.tracerJar().toString()).withoutAgent().args("--help").run(30);
    assertThat(help.stdout()).contains("view        a local OTLP/HTTP receiver and trace viewer in the browser");
    AgentProcess bad = AgentProcess.jarBuilder(AgentProcess.tracerJar().toString()).withoutAgent()
        .args("view", "--port", "http").run(30);
    assertThat(bad.process().exitValue()).isEqualTo(2);
    assertThat(bad.stderr().lines()).containsExactly("tracer view: --port http: not a number from 0 to 65535",
        "usage: java -jar tracer.jar view [--port 16686] [--otlp-port 4318] [--max-spans 100000] [--host 127.0.0.1]");
  }

  /** An application under the agent never loads the viewer, nor the OTLP protobuf classes and Gson it brings. */
  @Test
  void anApplicationUnderTheAgentLoadsNothingOfTheViewer() throws Exception {
    java.nio.file.Path classes = java.nio.file.Files.createTempFile("viewer-class-load", ".log");
    File jar = new File(System.getProperty("example.app.jar", "../examples/app/target/example-app.jar"));
    AgentProcess app = AgentProcess.jarBuilder(jar.getPath()).jvmArg("-Xlog:class+load=info:file=" + classes)
        .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", "http://127.0.0.1:1").args("local").run(60);
    app.assertSucceeded();
    String loaded = java.nio.file.Files.readString(classes);
    assertThat(loaded).as("the agent ran").contains("dev.tracer.agent.Agent ").contains("dev.tracer.exporters.");
    // io.opentelemetry.proto.*.v1.internal.* are the OTLP exporter's own field tables, not opentelemetry-proto
    Pattern viewerOnly = Pattern.compile("dev\\.tracer\\.viewer\\.|com\\.google\\.gson\\.|com\\.google\\.protobuf\\.util\\."
        + "|io\\.opentelemetry\\.proto\\.[a-z.]+\\.v1\\.(?!internal\\.)");
    assertThat(loaded.lines().filter(l -> viewerOnly.matcher(l).find()))
        .as("classes of the viewer loaded by an application's agent").isEmpty();
    java.nio.file.Files.deleteIfExists(classes);
  }

  private static long number(String json, String name) {
    Matcher matcher = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json == null ? "" : json);
    return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
  }
}
