package dev.tracer.instrumentation.opentelemetryapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * An API below the range (0.16.0, before {@code TextMapGetter}): one "not supported" line, the application's API
 * stays the no-op it is without an SDK, nothing exported. Run by the execution {@code below} only.
 */
class OpenTelemetryApiBelowRangeTest {
  @Test
  void staysTheNoOpItWouldBe() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    try (URLClassLoader application = ApplicationLoader.create()) {
      TestedVersions.assertLoaded(application.loadClass("io.opentelemetry.api.GlobalOpenTelemetry"));
      String traceId = ApplicationLoader.callOn(application, "com.example.otelapp.NoOpShop", "traceIdOfOwnSpan");
      assertThat(traceId).isEqualTo("00000000000000000000000000000000");
    }
    assertThat(AgentConsole.notSupported("opentelemetry-api")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
