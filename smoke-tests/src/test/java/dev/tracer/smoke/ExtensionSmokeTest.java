package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SamplerProvider;
import dev.tracer.api.SpanListener;
import dev.tracer.smoke.ext.AuditListener;
import dev.tracer.smoke.ext.AuditSamplerProvider;
import dev.tracer.smoke.ext.BrokenModule;
import dev.tracer.smoke.ext.FailingConstructorListener;
import dev.tracer.smoke.ext.ThrowingListener;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example application under tracer.jar with extensions on {@code TRACER_EXTENSIONS}: the example extension
 * alone, a folder of two, a broken one, a listener that throws. Spans arrive over OTLP at a real receiver; the
 * application's standard output must be what it prints without the agent.
 */
class ExtensionSmokeTest {
  private static final Path APP_JAR = Path.of(System.getProperty("example.app.jar"));
  private static final Path EXTENSION_JAR = Path.of(System.getProperty("example.extension.jar"));
  /** ExampleApp.run and the six JDBC calls it makes. */
  private static final int SPANS = 7;

  @TempDir
  static Path dir;
  private static String plainStdout;

  @BeforeAll
  static void plainRun() throws Exception {
    AgentProcess plain = AgentProcess.builder(ExampleApp.MAIN).classpath(APP_JAR.toString()).args("local").withoutAgent().run(60);
    plain.assertSucceeded();
    assertThat(plain.stdout()).contains("done");
    plainStdout = plain.stdout();
  }

  /** The example application as the user runs it, exporting to {@code receiver}; waits for its exit. */
  static Run run(OtlpReceiver receiver, String extensions, String... env) throws Exception {
    AgentProcess.Builder builder = AgentProcess.builder(ExampleApp.MAIN).classpath(APP_JAR.toString()).args("local")
        .env("TRACER_EXPORTER", "otlp")
        .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
        .env("TRACER_EXTENSIONS", extensions);
    for (int i = 0; i < env.length; i += 2) {
      builder.env(env[i], env[i + 1]);
    }
    AgentProcess app = builder.run(60);
    app.assertSucceeded();
    return new Run(app, receiver.awaitSpans(SPANS, 10));
  }

  /** Names the main class without loading it here (it is only in the application's jar). */
  static final class ExampleApp {
    static final String MAIN = "dev.tracer.example.ExampleApp";
  }

  @Test
  void exampleExtensionTracesTheApplicationTagsDatabaseSpansAndCountsThem() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Run run = run(receiver, EXTENSION_JAR.toString());

      assertThat(run.app.stdout()).isEqualTo(plainStdout);
      assertThat(run.spans).as(run.app.dump()).hasSize(SPANS);
      ReceivedSpan root = run.only("ExampleApp.run");
      assertThat(root.kind).isEqualTo("INTERNAL");
      assertThat(root.isRoot()).isTrue();
      assertThat(root.attributes).containsEntry("code.function", "run").containsEntry("code.namespace", "dev.tracer.example.ExampleApp");
      List<ReceivedSpan> queries = run.kind("CLIENT");
      assertThat(queries).hasSize(SPANS - 1);
      assertThat(queries).allSatisfy(q -> {
        assertThat(q.parentSpanId).isEqualTo(root.spanId);
        assertThat(q.attributes).containsEntry("example.team", "orders");
      });
      assertThat(run.app.stderr().lines()).contains("[example-extension] spans exported: " + SPANS);
      assertThat(run.warnings()).isEmpty();
    }
  }

  @Test
  void aFolderOfTwoExtensionsLoadsBoth() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("two"));
    Files.copy(EXTENSION_JAR, folder.resolve("example-extension.jar"));
    Map<Class<?>, List<String>> services = new LinkedHashMap<>();
    services.put(SpanListener.class, List.of(AuditListener.class.getName()));
    services.put(SamplerProvider.class, List.of(AuditSamplerProvider.class.getName()));
    ExtensionJars.jar(folder.resolve("audit.jar"), services, AuditListener.class, AuditSamplerProvider.class);

    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Run run = run(receiver, folder.toString(), "AUDIT_SAMPLER", "strict");

      assertThat(run.app.stdout()).isEqualTo(plainStdout);
      assertThat(run.spans).as(run.app.dump()).hasSize(SPANS);
      assertThat(run.spans).allSatisfy(s -> assertThat(s.attributes)
          .containsEntry("audit.seen", true)
          .containsEntry("audit.agent.visible", false) // the agent's own classes stay out of reach
          .containsEntry("audit.sampler", "strict"));
      assertThat(run.only("ExampleApp.run").kind).isEqualTo("INTERNAL");
      assertThat(run.kind("CLIENT")).allSatisfy(s -> assertThat(s.attributes).containsEntry("example.team", "orders"));
      assertThat(run.app.stderr().lines()).contains("[example-extension] spans exported: " + SPANS,
          "[tracer] extension audit.jar: 1 listener, 1 sampler",
          "[tracer] extension example-extension.jar: 1 instrumentation, 1 listener, 1 exporter");
    }
  }

  @Test
  void aBrokenExtensionIsReportedAndTheOthersKeepWorking() throws Exception {
    Map<Class<?>, List<String>> services = new LinkedHashMap<>();
    services.put(InstrumentationModule.class, List.of("dev.tracer.smoke.ext.Missing", BrokenModule.class.getName()));
    services.put(SpanListener.class, List.of(FailingConstructorListener.class.getName()));
    Path broken = ExtensionJars.jar(dir.resolve("broken/broken.jar"), services, BrokenModule.class,
        FailingConstructorListener.class);
    Path absent = dir.resolve("broken/absent.jar");

    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Run run = run(receiver, absent + "," + broken + "," + EXTENSION_JAR);

      assertThat(run.app.stdout()).isEqualTo(plainStdout);
      assertThat(run.warnings()).as(run.app.dump()).hasSize(4);
      assertThat(run.warnings()).anyMatch(w -> w.contains("absent.jar") && w.contains("does not exist"));
      assertThat(run.warnings()).anyMatch(w -> w.contains("broken.jar") && w.contains("dev.tracer.smoke.ext.Missing"));
      assertThat(run.warnings()).anyMatch(w -> w.contains("broken.jar") && w.contains("broken on purpose"));
      assertThat(run.warnings()).anyMatch(w -> w.contains("instrumentation broken") && w.contains("no instrumentations today"));
      assertThat(run.spans).hasSize(SPANS);
      assertThat(run.only("ExampleApp.run").kind).isEqualTo("INTERNAL");
      assertThat(run.app.stderr().lines()).contains("[example-extension] spans exported: " + SPANS);
    }
  }

  @Test
  void aListenerThatThrowsNeverBreaksTheSpans() throws Exception {
    Map<Class<?>, List<String>> services = Map.of(SpanListener.class, List.of(ThrowingListener.class.getName()));
    Path throwing = ExtensionJars.jar(dir.resolve("throwing/throwing.jar"), services, ThrowingListener.class);

    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Run run = run(receiver, throwing + "," + EXTENSION_JAR);

      assertThat(run.app.stdout()).isEqualTo(plainStdout);
      assertThat(run.spans).as(run.app.dump()).hasSize(SPANS);
      assertThat(run.kind("CLIENT")).allSatisfy(s -> assertThat(s.attributes).containsEntry("example.team", "orders"));
      ReceivedSpan failed = run.only("SELECT missing_table");
      assertThat(failed.status).isEqualTo("ERROR");
      assertThat(failed.eventNames).contains("exception");
      assertThat(run.warnings()).singleElement().asString()
          .contains(ThrowingListener.class.getName()).contains("listener bug at start").contains("reported once");
    }
  }

  @Test
  void anExtensionInstrumentationIsTurnedOffLikeABuiltIn() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      AgentProcess app = AgentProcess.builder(ExampleApp.MAIN).classpath(APP_JAR.toString()).args("local")
          .env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_EXTENSIONS", EXTENSION_JAR.toString())
          .env("TRACER_INSTRUMENTATION_EXAMPLE_APP_ENABLED", "false")
          .run(60);
      app.assertSucceeded();

      assertThat(app.stdout()).isEqualTo(plainStdout);
      List<ReceivedSpan> spans = receiver.awaitSpans(SPANS - 1, 10);
      assertThat(spans).as(app.dump()).hasSize(SPANS - 1).allSatisfy(s -> assertThat(s.kind).isEqualTo("CLIENT"));
      assertThat(app.stderr().lines()).contains("[example-extension] spans exported: " + (SPANS - 1));
    }
  }

  static final class Run {
    final AgentProcess app;
    final List<ReceivedSpan> spans;

    Run(AgentProcess app, List<ReceivedSpan> spans) {
      this.app = app;
      this.spans = spans;
    }

    List<String> warnings() {
      return app.stderr().lines().filter(l -> l.startsWith("[tracer] WARN")).collect(Collectors.toList());
    }

    List<ReceivedSpan> kind(String kind) {
      return spans.stream().filter(s -> s.kind.equals(kind)).collect(Collectors.toList());
    }

    ReceivedSpan only(String name) {
      List<ReceivedSpan> named = spans.stream().filter(s -> s.name.equals(name)).collect(Collectors.toList());
      assertThat(named).as("spans named " + name + "\n" + app.dump()).hasSize(1);
      return named.get(0);
    }
  }
}
