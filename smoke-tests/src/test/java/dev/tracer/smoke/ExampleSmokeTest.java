package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import java.io.File;
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
}
