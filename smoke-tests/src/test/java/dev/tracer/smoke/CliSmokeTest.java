package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.TestCertificates;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar tracer.jar} is a small command-line tool. */
class CliSmokeTest {
  /** Exit code and output of {@code java [jvmArgs] -jar tracer.jar args} with only the given TRACER_ variables. */
  private static String[] run(Map<String, String> env, List<String> jvmArgs, String... args) throws Exception {
    return run(System.getProperty("java.home"), env, jvmArgs, args);
  }

  /** The same, with the {@code java} of {@code javaHome}. */
  static String[] run(String javaHome, Map<String, String> env, List<String> jvmArgs, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(javaHome + "/bin/java");
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(AgentProcess.tracerJar().toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("TRACER_") || k.startsWith("OTEL_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String[] {String.valueOf(process.exitValue()), output};
  }

  private static String[] run(String... args) throws Exception {
    return run(new LinkedHashMap<>(), new ArrayList<>(), args);
  }

  @Test
  void helpAndVersion() throws Exception {
    String[] help = run("--help");
    assertThat(help[0]).isEqualTo("0");
    assertThat(help[1]).contains("-javaagent:").contains("TRACER_").contains("doctor");
    String[] version = run("--version");
    assertThat(version[0]).isEqualTo("0");
    assertThat(version[1]).startsWith("tracer ");
    String[] unknown = run("--frobnicate");
    assertThat(unknown[0]).isEqualTo("2");
    assertThat(unknown[1].trim().lines()).hasSize(1);
  }

  @Test
  void doctorWithAReachableEndpointShowsWhereEachValueCameFrom(@TempDir Path dir) throws Exception {
    TestCertificates certificates = new TestCertificates(dir);
    TestCertificates.Issued ca = certificates.ca("doctor-ca");
    TestCertificates.Issued client = certificates.client("doctor-client", ca);
    Path extension = Path.of(System.getProperty("example.extension.jar", "../examples/extension/target/example-extension.jar"));
    assertThat(extension).as("built by the examples module").isRegularFile();
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("TRACER_EXPORTER", "otlp,logging");
      env.put("TRACER_OTLP_ENDPOINT", receiver.endpoint());
      env.put("TRACER_SERVICE_NAME", "from-variable");
      env.put("OTEL_TRACES_SAMPLER", "always_on");
      env.put("TRACER_OTLP_HEADERS", "authorization=Bearer s3cret");
      env.put("TRACER_INSTRUMENTATION_JDBC_ENABLED", "false");
      env.put("TRACER_INSTRUMENTATION_LOG_MDC_ENABLED", "false");
      env.put("TRACER_LOG_MDC_KEYS", "traceId,spanId,traceFlags");
      env.put("TRACER_EXTENSIONS", extension.toString());
      env.put("OTEL_EXPORTER_OTLP_CERTIFICATE", ca.certificateFile.toString());
      env.put("TRACER_OTLP_CLIENT_CERTIFICATE", client.certificateFile.toString());
      env.put("TRACER_OTLP_CLIENT_KEY", client.keyFile.toString());
      env.put("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", receiver.endpoint() + "/custom/metrics");
      env.put("TRACER_OTLP_COMPRESSION", "gzip");
      env.put("TRACER_RESOURCE_DISABLED_KEYS", "process.command_args");
      String[] doctor = run(env, List.of("-Dtracer.service.name=x"), "doctor");
      assertThat(doctor[0]).as(doctor[1]).isEqualTo("0");
      assertThat(doctor[1])
          .containsPattern("TRACER_SERVICE_NAME +x +from property -Dtracer\\.service\\.name")
          .containsPattern("TRACER_OTLP_ENDPOINT +" + receiver.endpoint() + " +from variable TRACER_OTLP_ENDPOINT")
          .containsPattern("\\(OTEL_TRACES_SAMPLER\\) +always_on +from OTel alias variable OTEL_TRACES_SAMPLER")
          .containsPattern("TRACER_BATCH_SIZE +512 +default")
          .containsPattern("jdbc +disabled by TRACER_INSTRUMENTATION_JDBC_ENABLED=false")
          .containsPattern("TRACER_LOG_MDC_KEYS +traceId,spanId,traceFlags +from variable TRACER_LOG_MDC_KEYS")
          .containsPattern(extension + ": jar, 1 instrumentation, .*1 listener")
          .containsPattern("example-app +enabled \\(extension example-extension.jar\\)")
          .containsPattern("otlp traces +" + receiver.endpoint() + "/v1/traces reachable")
          .containsPattern("otlp metrics +" + receiver.endpoint() + "/custom/metrics reachable")
          .containsPattern("http/protobuf, compression gzip, timeout 10000 ms")
          .contains("TLS OTEL_EXPORTER_OTLP_CERTIFICATE=" + ca.certificateFile)
          .containsPattern("TLS +subject .*CN=doctor-ca.*, issuer .*CN=doctor-ca.*, expires 20\\d\\d-")
          .contains("TLS TRACER_OTLP_CLIENT_KEY=" + client.keyFile)
          .contains("a PEM PKCS#8 EC private key (contents not shown)")
          .containsPattern("service.instance.id +[0-9a-f-]{36}")
          .containsPattern("process.pid +[0-9]+")
          .containsPattern("host.name +\\S+")
          .doesNotContainPattern("\\n  process\\.command_args +")
          .doesNotContain(Files.readString(client.keyFile).lines().skip(1).findFirst().orElseThrow())
          .contains("no problems found")
          .contains("authorization=***")
          .doesNotContain("s3cret");
      // Logback's and Log4j's modules share the name: one line, one switch
      assertThat(doctor[1].lines().filter(l -> l.matches(" +log-mdc +disabled by TRACER_INSTRUMENTATION_LOG_MDC_ENABLED=false.*")))
          .hasSize(1);
    }
  }

  @Test
  void doctorFailsOnAClosedPortAndABrokenExtension(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TRACER_EXPORTER", "otlp");
    env.put("TRACER_OTLP_ENDPOINT", endpoint);
    String[] doctor = run(env, new ArrayList<>(), "doctor");
    assertThat(doctor[0]).as(doctor[1]).isEqualTo("1");
    assertThat(doctor[1]).containsPattern("otlp traces +" + endpoint + "/v1/traces NOT REACHABLE")
        .containsPattern("otlp traces endpoint " + endpoint + "/v1/traces is not reachable")
        .containsPattern("jdbc +enabled");

    Path notAJar = dir.resolve("broken.jar");
    Files.writeString(notAJar, "not a jar");
    env.put("TRACER_EXPORTER", "logging");
    env.put("TRACER_EXTENSIONS", notAJar.toString());
    String[] broken = run(env, new ArrayList<>(), "doctor");
    assertThat(broken[0]).as(broken[1]).isEqualTo("1");
    assertThat(broken[1]).contains(notAJar + ": NOT A JAR");
  }
}
