package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.IsolationApp;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The agent's own Byte Buddy, OpenTelemetry SDK and jctools stay invisible to an application that ships others. */
class IsolationSmokeTest {
  @Test
  void applicationKeepsItsOwnLibraryVersions() throws Exception {
    List<String> libs = new ArrayList<>();
    File[] jars = new File("target/isolation-libs").listFiles();
    assertThat(jars).as("isolation-libs copied by the build").isNotEmpty();
    for (File jar : jars) {
      libs.add(jar.getAbsolutePath());
    }
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      for (String javaHome : AgentProcess.javaHomes()) {
        receiver.clear();
        AgentProcess app = AgentProcess.builder(IsolationApp.class)
            .javaHome(javaHome)
            .classpath(AgentProcess.appClasspath(libs, "h2-"))
            .jvmArg("-Dnet.bytebuddy.experimental=true")
            .env("TRACER_EXPORTER", "otlp")
            .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
            .run(60);
        app.assertSucceeded();
        assertThat(app.stdout())
            .contains("bytebuddy byte-buddy-" + System.getProperty("isolation.bytebuddy.version", "1.15.11") + ".jar made app.Generated")
            .contains("otel-sdk opentelemetry-sdk-trace-1.40.0.jar span valid=true")
            .contains("jctools jctools-core-3.3.0.jar polled x")
            .contains("done");
        // and the agent still traces the application with its own versions
        assertThat(receiver.awaitSpans(1, 10)).extracting(s -> s.name).containsExactly("CREATE iso");
      }
    }
  }
}
