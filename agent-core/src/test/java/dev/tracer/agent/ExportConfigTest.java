package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.exporters.ExportSettings;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue #29, 1–3: TLS files, compression and per-signal OTLP settings as configured. */
class ExportConfigTest {
  @Test
  void perSignalEndpointsAreUsedAsGivenAndTheRestComesFromTheSharedSettings() {
    Map<String, String> env = new HashMap<>();
    env.put("TRACER_OTLP_ENDPOINT", "https://collector:4318");
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://traces.example:443/custom/path");
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "api-key=shared");
    env.put("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "api-key=metrics");
    env.put("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "3s");
    env.put("OTEL_EXPORTER_OTLP_METRICS_COMPRESSION", "none");
    Config config = new Config(env, new HashMap<>());
    assertThat(config.warnings()).isEmpty();
    ExportSettings settings = Tracing.exportSettings(config);
    assertThat(settings.traces.endpoint).isEqualTo("https://traces.example:443/custom/path");
    assertThat(settings.metrics.endpoint).isEqualTo("https://collector:4318/v1/metrics");
    assertThat(settings.traces.headers).containsEntry("api-key", "shared");
    assertThat(settings.metrics.headers).containsEntry("api-key", "metrics");
    assertThat(settings.traces.timeoutMillis).isEqualTo(3000);
    assertThat(settings.metrics.timeoutMillis).isEqualTo(10_000);
    assertThat(settings.traces.compression).isEqualTo(Config.DEFAULT_COMPRESSION);
    assertThat(settings.metrics.compression).isEqualTo("none");
    assertThat(config.resolved()).containsKey("TRACER_OTLP_TRACES_ENDPOINT").doesNotContainKey("TRACER_OTLP_METRICS_ENDPOINT");
  }

  @Test
  void tlsFilesPerSignalWinOverTheSharedOnesAndZipkinAndJaegerHaveTheirOwn() {
    Map<String, String> env = new HashMap<>();
    env.put("OTEL_EXPORTER_OTLP_CERTIFICATE", "/etc/ca.pem");
    env.put("TRACER_OTLP_CLIENT_CERTIFICATE", "/etc/client.pem");
    env.put("TRACER_OTLP_CLIENT_KEY", "/etc/client-key.pem");
    env.put("OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE", "/etc/metrics-ca.pem");
    env.put("TRACER_ZIPKIN_CERTIFICATE", "/etc/zipkin-ca.pem");
    Config config = new Config(env, new HashMap<>());
    assertThat(config.traces.tls.certificate.path).isEqualTo("/etc/ca.pem");
    assertThat(config.traces.tls.certificate.variable).isEqualTo("OTEL_EXPORTER_OTLP_CERTIFICATE");
    assertThat(config.traces.tls.clientKey.variable).isEqualTo("TRACER_OTLP_CLIENT_KEY");
    assertThat(config.metrics.tls.certificate.variable).isEqualTo("OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE");
    assertThat(config.metrics.tls.clientCertificate.path).isEqualTo("/etc/client.pem");
    assertThat(config.zipkinTls.certificate.path).isEqualTo("/etc/zipkin-ca.pem");
    assertThat(config.zipkinTls.clientCertificate).isNull();
    assertThat(config.jaegerTls.isEmpty()).isTrue();
  }

  @Test
  void aBadCompressionIsOneWarningAndTheDefault() {
    Map<String, String> env = new HashMap<>();
    env.put("OTEL_EXPORTER_OTLP_COMPRESSION", "brotli");
    Config config = new Config(env, new HashMap<>());
    assertThat(config.otlpCompression).isEqualTo(Config.DEFAULT_COMPRESSION);
    assertThat(config.warnings()).singleElement().asString().startsWith("OTEL_EXPORTER_OTLP_COMPRESSION=brotli rejected");
  }
}
