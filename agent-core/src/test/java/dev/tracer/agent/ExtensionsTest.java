package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.agent.handler.DatabaseEventHandler;
import dev.tracer.agent.handler.Handlers;
import dev.tracer.api.HandlerWrapper;
import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.testext.FailingListener;
import dev.tracer.testext.QuietListener;
import dev.tracer.testext.RenamingWrapper;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtensionsTest {
  @TempDir
  Path dir;

  /** A jar of test classes (copied from the test class path) with the given service files. */
  private Path jar(Path file, Map<Class<?>, List<String>> services, Class<?>... classes) throws Exception {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      for (Class<?> type : classes) {
        // the class and its nested and anonymous classes, as compiled into the test class path
        Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        String name = type.getName().replace('.', '/');
        Path folder = root.resolve(name).getParent();
        String simple = name.substring(name.lastIndexOf('/') + 1);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, simple + "{.class,$*.class}")) {
          for (Path compiled : files) {
            jar.putNextEntry(new JarEntry(root.relativize(compiled).toString().replace('\\', '/')));
            jar.write(Files.readAllBytes(compiled));
          }
        }
      }
      for (Map.Entry<Class<?>, List<String>> service : services.entrySet()) {
        jar.putNextEntry(new JarEntry("META-INF/services/" + service.getKey().getName()));
        jar.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return file;
  }

  private static String stderrOf(Runnable action) {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(saved);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anExtensionSeesTheApiAndItsOwnClassesOnly() throws Exception {
    Map<Class<?>, List<String>> services = new LinkedHashMap<>();
    services.put(SpanListener.class, List.of(QuietListener.class.getName()));
    Path jar = jar(dir.resolve("quiet.jar"), services, QuietListener.class);
    Extensions extensions = Extensions.load(List.of(jar.toString()), ExtensionsTest.class.getClassLoader());

    assertThat(extensions.loaded).hasSize(1);
    Object listener = extensions.loaded.get(0).listeners.get(0);
    ClassLoader loader = listener.getClass().getClassLoader();
    assertThat(loader).isInstanceOf(ExtensionClassLoader.class);
    assertThat(listener.getClass()).isNotSameAs(QuietListener.class); // its own copy, from its jar
    // the API, bootstrap, advice writing and OpenTelemetry public types: the agent's very classes
    assertThat(Class.forName(SpanListener.class.getName(), false, loader)).isSameAs(SpanListener.class);
    assertThat(Class.forName(DatabaseEvent.class.getName(), false, loader)).isSameAs(DatabaseEvent.class);
    assertThat(Class.forName("net.bytebuddy.matcher.ElementMatchers", false, loader).getClassLoader())
        .isSameAs(ExtensionsTest.class.getClassLoader());
    assertThat(Class.forName(SpanExporter.class.getName(), false, loader)).isSameAs(SpanExporter.class);
    // nothing else of the agent
    for (String hidden : Arrays.asList(Config.class.getName(), Handlers.class.getName(), "dev.tracer.exporters.SpanQueue",
        "org.jctools.queues.MpscArrayQueue", "net.bytebuddy.agent.builder.AgentBuilder",
        "io.opentelemetry.sdk.internal.ThrottlingLogger", "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter")) {
      assertThatThrownBy(() -> Class.forName(hidden, false, loader)).as(hidden).isInstanceOf(ClassNotFoundException.class);
    }
    // and the agent's own service files are not the extension's
    assertThat(Collections.list(loader.getResources("META-INF/services/" + SpanListener.class.getName()))).hasSize(1);
  }

  @Test
  void brokenProvidersAndMissingJarsAreReportedInOneLineEachAndTheRestLoads() throws Exception {
    Map<Class<?>, List<String>> services = new LinkedHashMap<>();
    services.put(SpanListener.class, List.of("dev.tracer.testext.Missing", FailingListener.class.getName(),
        QuietListener.class.getName()));
    services.put(HandlerWrapper.class, List.of(RenamingWrapper.class.getName()));
    Path jar = jar(dir.resolve("mixed.jar"), services, FailingListener.class, QuietListener.class, RenamingWrapper.class);
    Extensions[] loaded = new Extensions[1];
    String err = stderrOf(() -> loaded[0] = Extensions.load(List.of(dir.resolve("absent.jar").toString(), jar.toString()),
        ExtensionsTest.class.getClassLoader()));

    List<String> lines = Arrays.asList(err.split("\n"));
    assertThat(lines).filteredOn(l -> l.contains("WARN")).hasSize(3);
    assertThat(lines).anyMatch(l -> l.contains("absent.jar") && l.contains("does not exist"));
    assertThat(lines).anyMatch(l -> l.contains("mixed.jar") && l.contains("dev.tracer.testext.Missing"));
    assertThat(lines).anyMatch(l -> l.contains("mixed.jar") && l.contains("FailingListener") && l.contains("broken on purpose"));
    assertThat(lines).anyMatch(l -> l.contains("extension mixed.jar: 1 handler wrapper, 1 listener"));
    assertThat(loaded[0].loaded.get(0).listeners).hasSize(1);

    // the wrapper keeps the built-in handler and renames its spans
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      Handlers handlers = new Handlers(provider.get("test"), Collections.emptyMap());
      handlers.register(new DatabaseEventHandler(true));
      loaded[0].register(handlers);
      DatabaseEvent event = new DatabaseEvent("jdbc");
      event.statement = "SELECT id FROM orders";
      handlers.start(event);
      handlers.end(event);
      assertThat(exporter.getFinishedSpanItems()).extracting(s -> s.getName()).containsExactly("db: SELECT orders");
    }
  }

  @Test
  void aFolderGivesOneClassLoaderPerJar() throws Exception {
    Map<Class<?>, List<String>> services = new LinkedHashMap<>();
    services.put(SpanListener.class, List.of(QuietListener.class.getName()));
    jar(dir.resolve("folder/a.jar"), services, QuietListener.class);
    jar(dir.resolve("folder/b.jar"), services, QuietListener.class);
    Files.writeString(dir.resolve("folder/notes.txt"), "not a jar");
    Extensions extensions = Extensions.load(List.of(dir.resolve("folder").toString()), ExtensionsTest.class.getClassLoader());

    assertThat(extensions.loaded).extracting(e -> e.name).containsExactly("a.jar", "b.jar");
    assertThat(extensions.loaders()).doesNotHaveDuplicates().hasSize(2);
    assertThat(extensions.loaded.get(0).listeners.get(0).getClass())
        .isNotSameAs(extensions.loaded.get(1).listeners.get(0).getClass());
  }
}
