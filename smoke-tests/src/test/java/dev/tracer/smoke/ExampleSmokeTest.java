package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import java.io.File;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's first command: the example application under tracer.jar prints its spans. */
class ExampleSmokeTest {
  @Test
  void exampleApplicationPrintsItsSpans() throws Exception {
    File jar = new File("../examples/app/target/example-app.jar");
    assertThat(jar).as("built by the examples module").isFile();
    AgentProcess app = AgentProcess.jarBuilder(jar.getPath()).run(60);
    app.assertSucceeded();
    assertThat(app.stdout()).contains("done");
    assertThat(app.stderr())
        .contains("[tracer] span CLIENT 'CREATE orders'")
        .contains("[tracer] span CLIENT 'INSERT orders'")
        .contains("[tracer] span CLIENT 'SELECT orders'")
        .contains("db.statement=SELECT customer, total FROM orders WHERE total > ? ORDER BY id")
        .containsPattern("span CLIENT 'SELECT missing_table' .* ERROR");
  }

  /** With the example extension's root span, the logging exporter prints the run as one tree. */
  @Test
  void exampleWithTheExtensionPrintsOneTree() throws Exception {
    File jar = new File("../examples/app/target/example-app.jar");
    File extension = new File("../examples/extension/target/example-extension.jar");
    assertThat(extension).as("built by the examples module").isFile();
    AgentProcess app = AgentProcess.jarBuilder(jar.getPath()).env("TRACER_EXTENSIONS", extension.getPath()).run(60);
    app.assertSucceeded();
    List<String> lines = app.stderr().lines().filter(l -> l.startsWith("[tracer] trace ") || l.contains("span "))
        .collect(Collectors.toList());
    assertThat(lines).hasSize(8);
    assertThat(lines.get(0)).matches("\\[tracer\\] trace [0-9a-f]{32}: 7 spans, [0-9.]+ms");
    assertThat(lines.get(1)).startsWith("[tracer] span INTERNAL 'ExampleApp.run' ").containsPattern("\\|#{24}\\|");
    assertThat(lines.get(2)).startsWith("[tracer]   span CLIENT 'CREATE orders' ");
    assertThat(lines.subList(3, 6)).allMatch(l -> l.startsWith("[tracer]   span CLIENT 'INSERT orders' "));
    assertThat(lines.get(6)).startsWith("[tracer]   span CLIENT 'SELECT orders' ");
    assertThat(lines.get(7)).startsWith("[tracer]   span CLIENT 'SELECT missing_table' ").contains("| ERROR trace=");
    // one column for durations and bars
    assertThat(lines.subList(1, 8)).extracting(l -> l.indexOf('|')).containsOnly(lines.get(1).indexOf('|'));
  }
}
