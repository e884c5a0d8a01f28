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
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example application under tracer.jar with extensions on {@code TRACER_EXTENSIONS}: the example extension
 * alone, a folder of two, a broken one, a listener that throws. Spans are read from the logging exporter
 * (standard error); the application's standard output must be what it prints without the agent.
 */
class ExtensionSmokeTest {
  private static final Path TRACER_JAR = Path.of(System.getProperty("tracer.jar"));
  private static final Path APP_JAR = Path.of(System.getProperty("example.app.jar"));
  private static final Path EXTENSION_JAR = Path.of(System.getProperty("example.extension.jar"));
  /** ExampleApp.run and the six JDBC calls it makes. */
  private static final int SPANS = 7;

  @TempDir
  static Path dir;
  private static String plainStdout;

  @BeforeAll
  static void plainRun() throws Exception {
    Run plain = run(null, Map.of());
    assertThat(plain.exit).isZero();
    assertThat(plain.stdout).contains("done");
    plainStdout = plain.stdout;
  }

  @Test
  void exampleExtensionTracesTheApplicationTagsDatabaseSpansAndCountsThem() throws Exception {
    Run run = run(EXTENSION_JAR.toString(), Map.of());

    assertThat(run.stdout).isEqualTo(plainStdout);
    assertThat(run.spans).hasSize(SPANS);
    SpanLine root = run.only("ExampleApp.run");
    assertThat(root.kind).isEqualTo("INTERNAL");
    assertThat(root.parent).isEqualTo("-");
    assertThat(root.attributes).containsEntry("code.function", "run").containsEntry("code.namespace", "dev.tracer.example.ExampleApp");
    List<SpanLine> queries = run.kind("CLIENT");
    assertThat(queries).hasSize(SPANS - 1);
    assertThat(queries).allSatisfy(q -> {
      assertThat(q.parent).isEqualTo(root.span);
      assertThat(q.attributes).containsEntry("example.team", "orders");
    });
    assertThat(run.stderrLines()).contains("[example-extension] spans exported: " + SPANS);
    assertThat(run.warnings()).isEmpty();
  }

  @Test
  void aFolderOfTwoExtensionsLoadsBoth() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("two"));
    Files.copy(EXTENSION_JAR, folder.resolve("example-extension.jar"));
    Map<Class<?>, List<String>> services = new LinkedHashMap<>();
    services.put(SpanListener.class, List.of(AuditListener.class.getName()));
    services.put(SamplerProvider.class, List.of(AuditSamplerProvider.class.getName()));
    ExtensionJars.jar(folder.resolve("audit.jar"), services, AuditListener.class, AuditSamplerProvider.class);

    Run run = run(folder.toString(), Map.of("AUDIT_SAMPLER", "strict"));

    assertThat(run.stdout).isEqualTo(plainStdout);
    assertThat(run.spans).hasSize(SPANS);
    assertThat(run.only("ExampleApp.run").attributes).containsEntry("audit.seen", "true");
    assertThat(run.spans).allSatisfy(s -> assertThat(s.attributes)
        .containsEntry("audit.seen", "true")
        .containsEntry("audit.agent.visible", "false") // the agent's own classes stay out of reach
        .containsEntry("audit.sampler", "strict"));
    assertThat(run.kind("CLIENT")).allSatisfy(s -> assertThat(s.attributes).containsEntry("example.team", "orders"));
    assertThat(run.stderrLines()).contains("[example-extension] spans exported: " + SPANS,
        "[tracer] extension audit.jar: 1 listener, 1 sampler",
        "[tracer] extension example-extension.jar: 1 instrumentation, 1 listener, 1 exporter");
  }

  @Test
  void aBrokenExtensionIsReportedAndTheOthersKeepWorking() throws Exception {
    Map<Class<?>, List<String>> services = new LinkedHashMap<>();
    services.put(InstrumentationModule.class, List.of("dev.tracer.smoke.ext.Missing", BrokenModule.class.getName()));
    services.put(SpanListener.class, List.of(FailingConstructorListener.class.getName()));
    Path broken = ExtensionJars.jar(dir.resolve("broken/broken.jar"), services, BrokenModule.class,
        FailingConstructorListener.class);
    Path absent = dir.resolve("broken/absent.jar");

    Run run = run(absent + "," + broken + "," + EXTENSION_JAR, Map.of());

    assertThat(run.exit).isZero();
    assertThat(run.stdout).isEqualTo(plainStdout);
    assertThat(run.warnings()).hasSize(4);
    assertThat(run.warnings()).anyMatch(w -> w.contains("absent.jar") && w.contains("does not exist"));
    assertThat(run.warnings()).anyMatch(w -> w.contains("broken.jar") && w.contains("dev.tracer.smoke.ext.Missing"));
    assertThat(run.warnings()).anyMatch(w -> w.contains("broken.jar") && w.contains("broken on purpose"));
    assertThat(run.warnings()).anyMatch(w -> w.contains("instrumentation broken") && w.contains("no instrumentations today"));
    assertThat(run.spans).hasSize(SPANS);
    assertThat(run.only("ExampleApp.run").kind).isEqualTo("INTERNAL");
    assertThat(run.stderrLines()).contains("[example-extension] spans exported: " + SPANS);
  }

  @Test
  void aListenerThatThrowsNeverBreaksTheSpans() throws Exception {
    Map<Class<?>, List<String>> services = Map.of(SpanListener.class, List.of(ThrowingListener.class.getName()));
    Path throwing = ExtensionJars.jar(dir.resolve("throwing/throwing.jar"), services, ThrowingListener.class);

    Run run = run(throwing + "," + EXTENSION_JAR, Map.of());

    assertThat(run.stdout).isEqualTo(plainStdout);
    assertThat(run.spans).hasSize(SPANS);
    assertThat(run.kind("CLIENT")).allSatisfy(s -> assertThat(s.attributes).containsEntry("example.team", "orders"));
    assertThat(run.only("SELECT missing_table").error).isTrue();
    assertThat(run.warnings()).singleElement().asString()
        .contains(ThrowingListener.class.getName()).contains("listener bug at start").contains("reported once");
  }

  @Test
  void anExtensionInstrumentationIsTurnedOffLikeABuiltIn() throws Exception {
    Run run = run(EXTENSION_JAR.toString(), Map.of("TRACER_INSTRUMENTATION_EXAMPLE_APP_ENABLED", "false"));

    assertThat(run.stdout).isEqualTo(plainStdout);
    assertThat(run.spans).hasSize(SPANS - 1).allSatisfy(s -> assertThat(s.name).isNotEqualTo("ExampleApp.run"));
    assertThat(run.stderrLines()).contains("[example-extension] spans exported: " + (SPANS - 1));
  }

  // ---- one JVM per run (to be replaced by dev.tracer.testing.AgentProcess) ---------------------------------

  static Run run(String extensions, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (extensions != null) {
      command.add("-javaagent:" + TRACER_JAR);
    }
    command.addAll(Arrays.asList("-Xshare:off", "-jar", APP_JAR.toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("TRACER_") || k.startsWith("OTEL_"));
    environment.put("TRACER_EXPORTER", "logging");
    environment.put("TRACER_FLUSH_INTERVAL", "100ms");
    if (extensions != null) {
      environment.put("TRACER_EXTENSIONS", extensions);
    }
    environment.putAll(env);
    File out = Files.createTempFile(dir, "stdout", ".txt").toFile();
    File err = Files.createTempFile(dir, "stderr", ".txt").toFile();
    Process process = builder.redirectOutput(out).redirectError(err).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the application did not exit within 60 s");
    }
    return new Run(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
        Files.readString(err.toPath(), StandardCharsets.UTF_8));
  }

  static final class Run {
    final int exit;
    final String stdout;
    final String stderr;
    final List<SpanLine> spans;

    Run(int exit, String stdout, String stderr) {
      this.exit = exit;
      this.stdout = stdout;
      this.stderr = stderr;
      this.spans = stderrLines().stream().map(SpanLine::parse).filter(s -> s != null).collect(Collectors.toList());
    }

    List<String> stderrLines() {
      return Arrays.asList(stderr.split("\r?\n"));
    }

    List<String> warnings() {
      return stderrLines().stream().filter(l -> l.startsWith("[tracer] WARN")).collect(Collectors.toList());
    }

    List<SpanLine> kind(String kind) {
      return spans.stream().filter(s -> s.kind.equals(kind)).collect(Collectors.toList());
    }

    SpanLine only(String name) {
      List<SpanLine> named = spans.stream().filter(s -> s.name.equals(name)).collect(Collectors.toList());
      assertThat(named).as("spans named " + name + " in\n" + stderr).hasSize(1);
      return named.get(0);
    }
  }

  /** One line of the logging exporter: {@code [tracer] span KIND 'name' trace=.. span=.. parent=.. 1.2ms [ERROR] {k=v, ..}}. */
  static final class SpanLine {
    private static final Pattern LINE = Pattern.compile(
        "\\[tracer] span (\\w+) '(.*)' trace=(\\w+) span=(\\w+) parent=([\\w-]+) \\S+ms( ERROR)? \\{(.*)}");
    String kind;
    String name;
    String span;
    String parent;
    boolean error;
    final Map<String, String> attributes = new HashMap<>();

    static SpanLine parse(String text) {
      Matcher m = LINE.matcher(text);
      if (!m.matches()) {
        return null;
      }
      SpanLine line = new SpanLine();
      line.kind = m.group(1);
      line.name = m.group(2);
      line.span = m.group(4);
      line.parent = m.group(5);
      line.error = m.group(6) != null;
      // values may hold ", " (SQL); keys are dotted words, so split before each "key="
      for (String pair : m.group(7).split(", (?=[\\w.]+=)")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          line.attributes.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
      return line;
    }
  }
}
