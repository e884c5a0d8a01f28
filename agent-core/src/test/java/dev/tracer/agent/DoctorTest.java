package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #21, 9: doctor shows endpoints without their user-info and query values. */
class DoctorTest {
  @Test
  void endpointsAreShownWithoutCredentials() {
    Map<String, String> env = new HashMap<>();
    env.put("TRACER_EXPORTER", "otlp,zipkin");
    env.put("TRACER_OTLP_ENDPOINT", "http://alice:s3cret-pw@127.0.0.1:1/otlp?token=t0ken-value&x=1");
    env.put("TRACER_ZIPKIN_ENDPOINT", "http://bob:hunter2@127.0.0.1:1/api/v2/spans?api_key=k3y");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Doctor(new Config(env, new HashMap<>()), DoctorTest.class.getClassLoader(),
        new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("http://127.0.0.1:1/otlp?token=***&x=***").contains("http://127.0.0.1:1/api/v2/spans?api_key=***");
    assertThat(out).doesNotContain("s3cret").doesNotContain("alice").doesNotContain("t0ken").doesNotContain("hunter2")
        .doesNotContain("k3y");
  }

  @Test
  void runtimeMetricsSettingIsShownWithItsSource() {
    Map<String, String> env = new HashMap<>();
    env.put("TRACER_EXPORTER", "none");
    env.put("TRACER_RUNTIME_METRICS_ENABLED", "false");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Doctor(new Config(env, new HashMap<>()), DoctorTest.class.getClassLoader(),
        new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).containsPattern("TRACER_RUNTIME_METRICS_ENABLED +false +\\S");
  }

  @Test
  void displayUrl() {
    assertThat(Doctor.displayUrl("https://u:p@collector:4318")).isEqualTo("https://collector:4318");
    assertThat(Doctor.displayUrl("http://collector:4318/v1/traces")).isEqualTo("http://collector:4318/v1/traces");
    assertThat(Doctor.displayUrl("TRACER_OTLP_ENDPOINT=http://u:p@[bad rejected (x), using the default http://localhost:4318"))
        .doesNotContain("u:p");
  }

  /** {@code TRACER_EXPORTER=view}: the OTLP endpoint is shown as the viewer's, and an absent viewer says how to start it. */
  @Test
  void viewExporterNamesTheViewer() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("TRACER_EXPORTER", "view");
    env.put("TRACER_OTLP_ENDPOINT", "http://127.0.0.1:1");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = new Doctor(new Config(env, new HashMap<>()), DoctorTest.class.getClassLoader(),
        new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(1);
    assertThat(out).contains("exporters (TRACER_EXPORTER=otlp, from view: OTLP/HTTP to the local viewer):")
        .contains("  view traces http://127.0.0.1:1/v1/traces NOT REACHABLE")
        .contains("(start the viewer: java -jar tracer.jar view)");
    try (java.net.ServerSocket viewer = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      env.put("TRACER_OTLP_ENDPOINT", "http://127.0.0.1:" + viewer.getLocalPort());
      bytes.reset();
      new Doctor(new Config(env, new HashMap<>()), DoctorTest.class.getClassLoader(),
          new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
      assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("  view traces http://127.0.0.1:" + viewer.getLocalPort() + "/v1/traces reachable");
    }
  }
}
