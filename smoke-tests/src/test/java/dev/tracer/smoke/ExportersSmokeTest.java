package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.JaegerReceiver;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ZipkinServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The same traced application, under tracer.jar, exporting to Zipkin, Jaeger and OTLP at once. */
class ExportersSmokeTest {

  @Test
  void everyBackendHoldsTheSameSpans() throws Exception {
    ZipkinServer zipkin = ZipkinServer.shared();
    String service = "smoke-" + System.nanoTime();
    try (JaegerReceiver jaeger = new JaegerReceiver(); OtlpReceiver otlp = new OtlpReceiver()) {
      TracedJvm app = TracedJvm.start(Map.of(
          "TRACER_SERVICE_NAME", service,
          "TRACER_EXPORTER", "zipkin,jaeger,otlp",
          "TRACER_ZIPKIN_ENDPOINT", zipkin.endpoint(),
          "TRACER_JAEGER_ENDPOINT", jaeger.endpoint(),
          "TRACER_OTLP_ENDPOINT", otlp.endpoint()), "return", "3");
      assertThat(app.waitFor(60)).isTrue();
      int ended = app.ended();
      assertThat(ended).isEqualTo(5);

      Map<String, String> fromOtlp = Shape.ofOtlp(otlp.awaitSpans(ended, 10));
      assertThat(fromOtlp.values()).containsExactlyInAnyOrder("create items <- -", "insert items <- -",
          "insert items <- -", "insert items <- -", "select items <- -");
      assertThat(Shape.ofJaeger(jaeger.awaitSpans(ended, 10))).isEqualTo(fromOtlp);
      assertThat(Shape.ofZipkin(zipkin.awaitSpans(service, ended, 20))).isEqualTo(fromOtlp);
      assertThat(jaeger.batches().get(0).getProcess().getServiceName()).isEqualTo(service);
      assertThat(app.summary()).contains("exported=" + ended).contains("dropped=0");
      assertThat(app.stderr()).doesNotContain("SLF4J").doesNotContain("Exception");
    }
  }
}
