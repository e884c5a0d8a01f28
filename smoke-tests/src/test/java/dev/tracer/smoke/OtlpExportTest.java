package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.agent.Tracing;
import dev.tracer.testing.FaultProxy;
import dev.tracer.testing.OtlpGrpcReceiver;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.Waiting;
import io.opentelemetry.api.trace.SpanKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OTLP over both protocols: spans decoded by the OpenTelemetry protobuf classes, headers and timeout honoured. */
class OtlpExportTest {

  @Test
  void httpProtobufCarriesSpansAndTracerHeaders() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      Tracing tracing = Pipelines.create(Map.of("tracer.exporter", "otlp", "tracer.otlp.endpoint", receiver.endpoint(),
          "tracer.otlp.headers", "api-key=secret-1,tenant=blue", "tracer.service.name", "otlp-http"));
      try {
        tracing.tracer.spanBuilder("GET /a").setSpanKind(SpanKind.SERVER).setAttribute("http.route", "/a").startSpan().end();
        List<ReceivedSpan> spans = receiver.awaitSpans(1, 10);
        assertThat(spans).extracting(s -> s.name).containsExactly("GET /a");
        assertThat(spans.get(0).kind).isEqualTo("SERVER");
        assertThat(spans.get(0).attribute("http.route")).isEqualTo("/a");
        assertThat(spans.get(0).serviceName()).isEqualTo("otlp-http");
        assertThat(receiver.requestHeaders().get(0)).containsEntry("api-key", "secret-1").containsEntry("tenant", "blue");
      } finally {
        tracing.queue.shutdown(5000);
      }
    }
  }

  @Test
  void grpcCarriesSpansAndOtelAliasHeaders() throws Exception {
    try (OtlpGrpcReceiver receiver = new OtlpGrpcReceiver()) {
      // the OpenTelemetry variable names are honoured too
      Tracing tracing = Pipelines.create(
          Map.of("OTEL_EXPORTER_OTLP_HEADERS", "api-key=secret-2", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
              "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()),
          Map.of("tracer.exporter", "otlp", "tracer.service.name", "otlp-grpc"));
      try {
        tracing.tracer.spanBuilder("parent").startSpan().end();
        List<ReceivedSpan> spans = receiver.awaitSpans(1, 10);
        assertThat(spans).extracting(s -> s.name).containsExactly("parent");
        assertThat(spans.get(0).serviceName()).isEqualTo("otlp-grpc");
        assertThat(receiver.headers().get(0)).containsEntry("api-key", "secret-2");
      } finally {
        tracing.queue.shutdown(5000);
      }
    }
  }

  @Test
  void exportTimeoutIsHonouredAgainstAHangingBackend() throws Exception {
    try (FaultProxy proxy = new FaultProxy().hang()) {
      // the default timeout is 10 s: a failure within the wait below only comes from the configured 200 ms
      Tracing tracing = Pipelines.create(Map.of("tracer.exporter", "otlp", "tracer.otlp.endpoint", proxy.url(),
          "tracer.export.timeout", "200ms", "tracer.service.name", "otlp-timeout"));
      try {
        tracing.tracer.spanBuilder("stuck").startSpan().end();
        Waiting.until(() -> tracing.queue.exportFailures() > 0, 5);
        assertThat(tracing.queue.exportFailures()).isEqualTo(1);
        assertThat(tracing.queue.dropped()).isEqualTo(1);
      } finally {
        tracing.queue.shutdown(2000);
      }
    }
  }
}
