package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tracer.smoke.apps.HttpsApp;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.TestCertificates;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #29 as a user meets it, in one application JVM under tracer.jar: the agent ships to a collector that
 * requires mTLS under a private CA (the operator's per-signal variables, gzip), while the application calls its own
 * HTTPS server with its own trust store (another CA, {@code -Djavax.net.ssl.trustStore}); a Zipkin exporter whose
 * certificate file is missing is off with one line; and the exported resource carries what was detected.
 */
class ExportTlsSmokeTest {
  @Test
  void agentTlsAndTheApplicationsOwnTlsSideBySide(@TempDir Path dir) throws Exception {
    TestCertificates certificates = new TestCertificates(dir);
    TestCertificates.Issued collectorCa = certificates.ca("collector-ca");
    TestCertificates.Issued collector = certificates.server("collector", collectorCa);
    TestCertificates.Issued agent = certificates.client("agent", collectorCa);
    TestCertificates.Issued appCa = certificates.ca("app-ca");
    TestCertificates.Issued appServer = certificates.server("app-server", appCa);

    HttpsServer app = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    app.setHttpsConfigurator(new HttpsConfigurator(appServer.serverContext(null)));
    app.createContext("/hello", exchange -> {
      byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    app.start();
    Path missing = dir.resolve("missing-zipkin-ca.pem");
    try (OtlpReceiver receiver = new OtlpReceiver(collector.serverContext(collectorCa), true)) {
      AgentProcess process = AgentProcess.builder(HttpsApp.class).classpath(AgentProcess.appClasspath())
          .env("TRACER_SERVICE_NAME", "https-app")
          .env("TRACER_EXPORTER", "otlp,zipkin")
          .env("TRACER_METRICS_EXPORTER", "none")
          .env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint() + "/v1/traces")
          .env("OTEL_EXPORTER_OTLP_CERTIFICATE", collectorCa.certificateFile.toString())
          .env("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", agent.certificateFile.toString())
          .env("OTEL_EXPORTER_OTLP_CLIENT_KEY", agent.keyFile.toString())
          .env("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")
          .env("TRACER_ZIPKIN_CERTIFICATE", missing.toString())
          .jvmArg("-Djavax.net.ssl.trustStore=" + appCa.trustStore(dir))
          .jvmArg("-Djavax.net.ssl.trustStorePassword=changeit")
          .jvmArg("-Ddb.password=hunter2")
          .args("https://127.0.0.1:" + app.getAddress().getPort() + "/hello", "wait")
          .start();
      List<ReceivedSpan> spans;
      try {
        process.awaitOutput("https 200 hello", 60);
        spans = receiver.await(s -> !s.isEmpty(), 60);
      } finally {
        process.close();
      }
      List<String> warnings = process.stderr().lines().filter(l -> l.startsWith("[tracer] WARN")).collect(Collectors.toList());
      assertThat(warnings).as(process.dump()).singleElement().asString()
          .contains("exporter 'zipkin' is off: TRACER_ZIPKIN_CERTIFICATE=" + missing + ": no such file");
      ReceivedSpan call = ReceivedSpan.only(spans, "GET", process.dump());
      assertThat(call.kind).isEqualTo("CLIENT");
      assertThat(call.attribute("url.full")).isEqualTo("https://127.0.0.1:" + app.getAddress().getPort() + "/hello");
      assertThat(call.attribute("http.response.status_code")).isEqualTo(200L);
      assertThat(receiver.requestHeaders()).allSatisfy(h -> assertThat(h).containsEntry("content-encoding", "gzip"));

      Map<String, Object> resource = call.resource;
      assertThat(resource).containsEntry("service.name", "https-app")
          .containsEntry("process.pid", process.process().pid())
          .containsEntry("os.type", "linux")
          .containsKeys("host.name", "host.arch", "os.description", "process.executable.path", "process.command_args",
              "process.runtime.name", "process.runtime.version", "process.runtime.description", "service.instance.id");
      assertThat(resource.get("host.name")).isEqualTo(java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim());
      assertThat(String.valueOf(resource.get("process.command_args"))).contains("-Ddb.password=REDACTED")
          .contains(HttpsApp.class.getName()).doesNotContain("hunter2");
    } finally {
      app.stop(0);
    }
  }
}
