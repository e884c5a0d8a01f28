package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.agent.Tracing;
import dev.tracer.exporters.SpanQueue;
import dev.tracer.testing.FaultProxy;
import dev.tracer.testing.JaegerReceiver;
import dev.tracer.testing.OtlpGrpcReceiver;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.TestCertificates;
import dev.tracer.testing.Waiting;
import dev.tracer.testing.ZipkinServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #29 in the agent's real export pipeline (configuration → exporters → span queue), against real receivers
 * on loopback with certificates made here: a private CA, TLS and mTLS for OTLP/HTTP, OTLP/gRPC, Zipkin (a
 * TLS-terminating front for the shared Zipkin server) and Jaeger; gzip; retries; bad certificate files.
 */
class ExportTlsTest {
  private static final int SPANS = 20;

  @TempDir
  static Path dir;
  static TestCertificates.Issued ca;
  static TestCertificates.Issued otherCa;
  static TestCertificates.Issued server;
  static TestCertificates.Issued client;

  @BeforeAll
  static void certificates() throws Exception {
    TestCertificates certificates = new TestCertificates(dir);
    ca = certificates.ca("collector-ca");
    otherCa = certificates.ca("other-ca");
    server = certificates.server("collector", ca);
    client = certificates.client("agent", ca);
  }

  @Test
  void otlpHttpsWithAPrivateCaAndGzip() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(server.serverContext(null), false)) {
      Run run = export(otlp(receiver.endpoint(), props -> {
        props.put("tracer.otlp.certificate", ca.certificateFile.toString());
        props.put("tracer.otlp.compression", "gzip");
      }));
      assertThat(run.queue.exported()).isEqualTo(SPANS);
      assertThat(receiver.spans()).extracting(s -> s.name).containsOnly("work").hasSize(SPANS);
      assertThat(receiver.requestHeaders()).allSatisfy(h -> assertThat(h).containsEntry("content-encoding", "gzip"));
      assertThat(run.warnings()).isEmpty();
    }
  }

  @Test
  void otlpHttpsWithTheWrongCaDropsAndCountsWithOneLine() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(server.serverContext(null), false)) {
      Run run = export(otlp(receiver.endpoint(), props -> props.put("tracer.otlp.certificate",
          otherCa.certificateFile.toString())));
      assertThat(run.queue.exported()).isZero();
      assertThat(run.queue.dropped()).isEqualTo(SPANS);
      assertThat(run.queue.exportFailures()).isPositive();
      assertThat(receiver.spans()).isEmpty();
      assertThat(run.warnings()).hasSize(1);
      assertThat(run.warnings().get(0)).contains("exporter 'otlp'").contains("failed").contains("SSLHandshakeException");
    }
  }

  @Test
  void mtlsArrivesWithTheClientCertificateAndIsRefusedWithout() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(server.serverContext(ca), true)) {
      Run refused = export(otlp(receiver.endpoint(), props -> props.put("tracer.otlp.certificate",
          ca.certificateFile.toString())));
      assertThat(refused.queue.exported()).isZero();
      assertThat(refused.queue.dropped()).isEqualTo(SPANS);
      assertThat(receiver.spans()).isEmpty();
      assertThat(refused.warnings()).hasSize(1);

      Run accepted = export(otlp(receiver.endpoint(), props -> {
        // the per-signal OpenTelemetry forms, as the operator sets them
        props.put("otel.exporter.otlp.traces.certificate", ca.certificateFile.toString());
        props.put("otel.exporter.otlp.traces.client.certificate", client.certificateFile.toString());
        props.put("otel.exporter.otlp.traces.client.key", client.keyFile.toString());
      }));
      assertThat(accepted.queue.exported()).isEqualTo(SPANS);
      assertThat(receiver.spans()).hasSize(SPANS);
    }
  }

  @Test
  void otlpGrpcOverTls() throws Exception {
    try (OtlpGrpcReceiver receiver = new OtlpGrpcReceiver(server)) {
      Run run = export(otlp(receiver.endpoint(), props -> {
        props.put("tracer.otlp.protocol", "grpc");
        props.put("tracer.otlp.certificate", ca.certificateFile.toString());
        props.put("tracer.otlp.compression", "gzip");
      }));
      assertThat(run.queue.exported()).isEqualTo(SPANS);
      assertThat(receiver.spans()).hasSize(SPANS);
      assertThat(receiver.headers()).allSatisfy(h -> assertThat(h).containsEntry("grpc-encoding", "gzip"));
    }
  }

  @Test
  void zipkinAndJaegerBehindTlsWithTheirOwnFiles() throws Exception {
    ZipkinServer zipkin = ZipkinServer.shared();
    try (JaegerReceiver jaeger = new JaegerReceiver();
        FaultProxy zipkinFront = new FaultProxy(server.serverContext(ca)).forward(zipkin.port());
        FaultProxy jaegerFront = new FaultProxy(server.serverContext(null)).forward(jaeger.port())) {
      String service = "tls-zipkin-" + System.nanoTime();
      Map<String, String> props = new HashMap<>();
      props.put("tracer.service.name", service);
      props.put("tracer.exporter", "zipkin,jaeger");
      props.put("tracer.zipkin.endpoint", zipkinFront.url() + "/api/v2/spans");
      props.put("tracer.zipkin.certificate", ca.certificateFile.toString());
      props.put("tracer.zipkin.client.certificate", client.certificateFile.toString());
      props.put("tracer.zipkin.client.key", client.keyFile.toString());
      props.put("tracer.zipkin.compression", "gzip");
      props.put("tracer.jaeger.endpoint", jaegerFront.url() + "/api/traces");
      props.put("tracer.jaeger.certificate", ca.certificateFile.toString());
      Run run = export(props);
      assertThat(run.queue.exportFailures()).isZero();
      assertThat(Waiting.until(() -> zipkin.spans(service).size() >= SPANS, 20)).isTrue();
      assertThat(zipkin.spans(service)).hasSize(SPANS);
      assertThat(jaeger.spans()).hasSize(SPANS);
    }
  }

  @Test
  void retriesA503UntilAcceptedAndSendsEachSpanOnce() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      receiver.respondNext(503, 503);
      Run run = export(otlp(receiver.endpoint(), props -> props.put("tracer.export.timeout", "20s")));
      assertThat(run.queue.exported()).isEqualTo(SPANS);
      assertThat(receiver.requestHeaders()).as("two refusals, then the accepted request").hasSize(3);
      List<String> ids = receiver.spans().stream().map(s -> s.spanId).collect(Collectors.toList());
      assertThat(ids).hasSize(SPANS).doesNotHaveDuplicates();
      assertThat(run.warnings()).isEmpty();
    }
  }

  @Test
  void retryAfterIsHonouredWithinTheTimeout() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      // without Retry-After the first retry comes after about 1 s, within the 2 s timeout
      receiver.respondWith(503);
      Run backoff = export(otlp(receiver.endpoint(), props -> { }));
      assertThat(backoff.queue.dropped()).isEqualTo(SPANS);
      assertThat(receiver.requestHeaders()).as("retried").hasSizeGreaterThanOrEqualTo(2);
      // asked to wait an hour: the sender waits out its timeout instead and does not ask again
      receiver.clear();
      receiver.retryAfter("3600");
      Run waited = export(otlp(receiver.endpoint(), props -> { }));
      assertThat(waited.queue.dropped()).isEqualTo(SPANS);
      assertThat(receiver.requestHeaders()).as("not retried before the time asked").hasSize(1);
    }
  }

  @Test
  void a400IsNotRetriedAndCountedAsFailed() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      receiver.respondWith(400);
      Run run = export(otlp(receiver.endpoint(), props -> { }));
      assertThat(run.queue.dropped()).isEqualTo(SPANS);
      assertThat(run.queue.exportFailures()).isEqualTo(1);
      assertThat(receiver.requestHeaders()).as("one request, never repeated").hasSize(1);
      assertThat(run.warnings()).hasSize(1);
      assertThat(run.warnings().get(0)).contains("exporter 'otlp'").contains("400");
    }
  }

  @Test
  void aMissingOrNonPemFileTurnsThatExporterOffWithOneLine() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not-pem.txt"), "hello");
    try (OtlpReceiver receiver = new OtlpReceiver(server.serverContext(null), false)) {
      Map<String, String> props = otlp(receiver.endpoint(), p -> p.put("tracer.otlp.certificate",
          ca.certificateFile.toString()));
      props.put("tracer.exporter", "otlp,zipkin,jaeger");
      props.put("tracer.zipkin.certificate", dir.resolve("missing.pem").toString());
      props.put("tracer.jaeger.client.certificate", notPem.toString());
      props.put("tracer.jaeger.client.key", client.keyFile.toString());
      Run run = export(props);
      assertThat(run.queue.exported()).as("otlp still exports").isEqualTo(SPANS);
      assertThat(run.lines).filteredOn(l -> l.contains("exporter 'zipkin' is off")).singleElement().asString()
          .contains("TRACER_ZIPKIN_CERTIFICATE=" + dir.resolve("missing.pem")).contains("no such file");
      assertThat(run.lines).filteredOn(l -> l.contains("exporter 'jaeger' is off")).singleElement().asString()
          .contains("TRACER_JAEGER_CLIENT_CERTIFICATE=" + notPem).contains("not a PEM certificate");
      assertThat(run.lines).hasSize(2);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private static Map<String, String> otlp(String endpoint, Consumer<Map<String, String>> more) {
    Map<String, String> props = new HashMap<>();
    props.put("tracer.exporter", "otlp");
    props.put("tracer.otlp.endpoint", endpoint);
    props.put("tracer.export.timeout", "2s");
    more.accept(props);
    return props;
  }

  /** What one pipeline did: its queue (counts final) and the agent's lines meanwhile. */
  private static final class Run {
    final SpanQueue queue;
    final List<String> lines;

    Run(SpanQueue queue, List<String> lines) {
      this.queue = queue;
      this.lines = lines;
    }

    List<String> warnings() {
      return lines.stream().filter(l -> l.startsWith("[tracer] WARN")).collect(Collectors.toList());
    }
  }

  /** The pipeline with these settings exports {@link #SPANS} spans; returns once each is exported or dropped. */
  private static Run export(Map<String, String> props) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    SpanQueue queue;
    try {
      Tracing tracing = Pipelines.create(props);
      queue = tracing.queue;
      for (int i = 0; i < SPANS; i++) {
        tracing.tracer.spanBuilder("work").startSpan().end();
      }
      queue.forceFlush();
      Waiting.until(() -> queue.exported() + queue.dropped() == SPANS, 30);
      queue.shutdown(2000);
    } finally {
      System.setErr(originalErr);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    lines.forEach(originalErr::println);
    return new Run(queue, lines);
  }
}
