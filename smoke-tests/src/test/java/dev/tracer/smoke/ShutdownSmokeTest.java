package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.FaultProxy;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.api.SpanExporterProvider;
import dev.tracer.smoke.ext.BlockingExporterProvider;
import dev.tracer.testing.Waiting;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Everything queued when the JVM ends is exported, whichever way it ends. The flush interval and batch size
 * are set so that nothing is exported before the end: what arrives was sent by the shutdown flush.
 */
class ShutdownSmokeTest {
  private static final Map<String, String> ONLY_AT_EXIT = Map.of(
      "TRACER_EXPORTER", "otlp", "TRACER_FLUSH_INTERVAL", "10m", "TRACER_BATCH_SIZE", "1000");

  @ParameterizedTest
  @ValueSource(strings = {"return", "exit", "sigterm"})
  void queuedSpansAreExportedOnExit(String how) throws Exception {
    try (OtlpReceiver otlp = new OtlpReceiver()) {
      Map<String, String> env = new java.util.HashMap<>(ONLY_AT_EXIT);
      env.put("TRACER_OTLP_ENDPOINT", otlp.endpoint());
      TracedJvm app = TracedJvm.start(env, how.equals("sigterm") ? "wait" : how, "40");
      if (how.equals("sigterm")) {
        assertThat(app.awaitStdout("ready", 60)).isTrue();
        assertThat(otlp.spans()).isEmpty();
        // Process.destroy() would also close our end of its output: send the signal the way an operator does
        assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(app.pid())).start().waitFor()).isZero();
      }
      assertThat(app.waitFor(60)).as("the JVM ended").isTrue();
      int ended = app.ended();
      assertThat(ended).isEqualTo(42);
      assertThat(otlp.spans()).hasSize(ended);
      assertThat(app.summary()).as(app.stderr()).contains("exported=" + ended).contains("dropped=0");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"down", "hang"})
  void aDeadBackendDoesNotHoldTheJvm(String fault) throws Exception {
    try (FaultProxy proxy = new FaultProxy()) {
      if (fault.equals("hang")) {
        proxy.hang();
      }
      Map<String, String> env = new java.util.HashMap<>(ONLY_AT_EXIT);
      env.put("TRACER_OTLP_ENDPOINT", proxy.url());
      TracedJvm app = TracedJvm.start(env, "return", "40");
      // the export timeout is 10 s, the shutdown bound 5 s: the JVM ends after the bound, not the timeout
      assertThat(app.waitFor(60)).as("the JVM ended").isTrue();
      assertThat(app.summary()).contains("exported=0").contains("dropped=42");
    }
  }

  /**
   * Issue #32: at exit each export is tried once. A backend answering 503, which the exporters retry with backoff
   * while the application runs, gets the queued spans once, and the exit does not wait out backoffs: a short-lived
   * JVM (a test run, a batch job) whose backend is down or failing ends without spending its exit budget.
   */
  @Test
  void anExportAtExitIsTriedOnce() throws Exception {
    try (FaultProxy proxy = new FaultProxy().answer(503)) {
      Map<String, String> env = new java.util.HashMap<>(ONLY_AT_EXIT);
      env.put("TRACER_OTLP_ENDPOINT", proxy.url());
      env.put("TRACER_METRICS_EXPORTER", "none"); // the spans' export alone reaches the proxy
      TracedJvm app = TracedJvm.start(env, "return", "40");
      assertThat(app.waitFor(60)).as("the JVM ended").isTrue();
      assertThat(proxy.answered()).as(app.stderr()).isEqualTo(1);
      assertThat(app.summary()).as(app.stderr()).contains("exported=0").contains("dropped=42")
          .contains("exportFailures=1");
      assertThat(app.stderr()).contains("export of 42 spans failed").contains("503");
    }
  }

  /**
   * Issue #21, 5: an extension's exporter blocks in every call (export, shutdown, synchronized). SIGTERM still
   * ends the JVM, OTLP still gets every span, and the summary counts each exporter on its own.
   */
  @Test
  void blockingExtensionExporterDoesNotHoldTheJvm(@TempDir Path dir) throws Exception {
    Path extension = ExtensionJars.jar(dir.resolve("blocking.jar"),
        Map.of(SpanExporterProvider.class, List.of(BlockingExporterProvider.class.getName())),
        BlockingExporterProvider.class);
    try (OtlpReceiver otlp = new OtlpReceiver()) {
      Map<String, String> env = new java.util.HashMap<>(ONLY_AT_EXIT);
      env.put("TRACER_OTLP_ENDPOINT", otlp.endpoint());
      env.put("TRACER_EXTENSIONS", extension.toString());
      env.put("TRACER_FLUSH_INTERVAL", "100ms");
      TracedJvm app = TracedJvm.start(env, "wait", "40");
      assertThat(app.awaitStdout("ready", 60)).isTrue();
      int ended = app.ended();
      Waiting.until(() -> otlp.spans().size() == ended, 30);
      assertThat(new ProcessBuilder("kill", "-TERM", String.valueOf(app.pid())).start().waitFor()).isZero();
      assertThat(app.waitFor(60)).as("the JVM ended").isTrue();
      assertThat(otlp.spans()).as(app.stderr()).hasSize(ended);
      assertThat(app.summary()).as(app.stderr()).contains("otlp: exported=" + ended + " dropped=0")
          .contains("BlockingExporter: exported=0 dropped=" + ended);
      assertThat(app.stderr()).contains("exporters abandoned at exit");
    }
  }
}
