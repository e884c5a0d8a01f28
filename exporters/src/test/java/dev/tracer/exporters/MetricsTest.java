package dev.tracer.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Prometheus endpoint as a scraper sees it: text format, counters and cumulative histogram buckets. */
class MetricsTest {

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static String scrape(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setConnectTimeout(2000);
    connection.setReadTimeout(5000);
    assertThat(connection.getResponseCode()).isEqualTo(200);
    assertThat(connection.getContentType()).startsWith("text/plain");
    try (InputStream in = connection.getInputStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8.name());
    }
  }

  /** The value of the one sample named {@code name} whose labels include every {@code label="value"} given. */
  static double sample(String text, String name, String... labels) {
    Double found = null;
    for (String line : text.split("\n")) {
      if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
        continue;
      }
      String labelPart = line.contains("{") ? line.substring(line.indexOf('{'), line.lastIndexOf('}') + 1) : "";
      if (Arrays.stream(labels).allMatch(labelPart::contains)) {
        if (found != null) {
          throw new AssertionError("more than one sample " + name + " " + Arrays.toString(labels) + " in\n" + text);
        }
        String[] parts = line.trim().split(" ");
        found = Double.parseDouble(parts[parts.length - 1]);
      }
    }
    if (found == null) {
      throw new AssertionError("no sample " + name + " " + Arrays.toString(labels) + " in\n" + text);
    }
    return found;
  }

  @Test
  void servesSpanMetricsAndQueueCountersAsPrometheusText() throws Exception {
    int port = freePort();
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    SpanQueue queue = new SpanQueue(exporter, 100, 10, 20, 1000);
    ExportSettings export = new ExportSettings(Collections.singletonList("none"), "http://127.0.0.1:1", false,
        "http/protobuf", Collections.emptyMap(), "http://127.0.0.1:1", "http://127.0.0.1:1", 1000);
    Metrics metrics = Metrics.create(new MetricsSettings(false, "127.0.0.1", port, 60_000), export,
        Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")), queue);
    assertThat(metrics).isNotNull();
    assertThat(metrics.prometheusUrl()).isEqualTo("http://127.0.0.1:" + port + "/metrics");
    try {
      queue.observeBatches(metrics.spans());
      // durations given by the spans' start and end timestamps, not measured: the buckets are under test, not speed
      for (long micros : new long[] {500, 1_500, 1_500, 20_000}) {
        queue.offer(SpanMetricsTest.span("shop", SpanKind.CLIENT, "SELECT orders", micros * 1_000, micros == 20_000,
            Attributes.empty()));
      }
      queue.offer(SpanMetricsTest.span("shop", SpanKind.SERVER, "GET /orders/{id}", 4_000_000, false,
          Attributes.builder().put("http.request.method", "GET").put("http.route", "/orders/{id}")
              .put("url.path", "/orders/7").put("http.response.status_code", 200L).build()));
      queue.forceFlush().join(5, TimeUnit.SECONDS);

      String text = scrape(metrics.prometheusUrl());
      // the request metrics under the names the OpenTelemetry Prometheus exporter gives them
      String[] route = {"http_request_method=\"GET\"", "http_route=\"/orders/{id}\"", "http_response_status_code=\"200\""};
      assertThat(sample(text, "http_server_request_duration_seconds_bucket", with(route, "le=\"0.005\""))).isEqualTo(1);
      assertThat(sample(text, "http_server_request_duration_seconds_count", route)).isEqualTo(1);
      assertThat(text).doesNotContain("/orders/7");
      String[] select = {"service_name=\"shop\"", "span_kind=\"CLIENT\"", "span_name=\"SELECT orders\""};
      assertThat(sample(text, "tracer_span_calls_total", select)).isEqualTo(4);
      assertThat(sample(text, "tracer_span_errors_total", select)).isEqualTo(1);
      assertThat(sample(text, "tracer_span_duration_seconds_count", select)).isEqualTo(4);
      // durations 0.5, 1.5, 1.5 and 20 ms; buckets are cumulative
      assertThat(sample(text, "tracer_span_duration_seconds_bucket", with(select, "le=\"0.001\""))).isEqualTo(1);
      assertThat(sample(text, "tracer_span_duration_seconds_bucket", with(select, "le=\"0.0025\""))).isEqualTo(3);
      assertThat(sample(text, "tracer_span_duration_seconds_bucket", with(select, "le=\"0.01\""))).isEqualTo(3);
      assertThat(sample(text, "tracer_span_duration_seconds_bucket", with(select, "le=\"0.025\""))).isEqualTo(4);
      assertThat(sample(text, "tracer_span_duration_seconds_bucket", with(select, "le=\"+Inf\""))).isEqualTo(4);
      assertThat(sample(text, "tracer_queue_enqueued_total")).isEqualTo(5);
      assertThat(sample(text, "tracer_queue_exported_total")).isEqualTo(5);
      assertThat(sample(text, "tracer_queue_dropped_total")).isEqualTo(0);
      assertThat(sample(text, "tracer_queue_export_failures_total")).isEqualTo(0);
      assertThat(sample(text, "tracer_queue_depth")).isEqualTo(0);
      assertThat(text).contains("# TYPE tracer_span_duration_seconds histogram");
    } finally {
      queue.shutdown(1000);
      metrics.shutdown(1000);
    }
    // closed with the pipeline
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
      throw new AssertionError("metrics port still open after shutdown");
    } catch (java.net.ConnectException expected) {
      // refused: nothing listens
    }
  }

  @Test
  void aPortInUseIsReportedNotThrown() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ExportSettings export = new ExportSettings(Collections.singletonList("none"), "http://127.0.0.1:1", false,
          "http/protobuf", Collections.emptyMap(), "http://127.0.0.1:1", "http://127.0.0.1:1", 1000);
      SpanQueue queue = new SpanQueue(InMemorySpanExporter.create(), 10, 10, 20, 1000);
      assertThat(Metrics.create(new MetricsSettings(false, "127.0.0.1", taken.getLocalPort(), 60_000), export,
          Resource.empty(), queue)).isNull();
    }
  }

  @Test
  void otlpMetricsPathFollowsTheTracesEndpoint() {
    assertThat(ExportSettings.otlpUrl("http://c:4318", true, "http/protobuf", "metrics")).isEqualTo("http://c:4318/v1/metrics");
    assertThat(ExportSettings.otlpUrl("http://c:4318/", true, "http/protobuf", "metrics")).isEqualTo("http://c:4318/v1/metrics");
    assertThat(ExportSettings.otlpUrl("http://c:4318/v1/traces", true, "http/protobuf", "metrics")).isEqualTo("http://c:4318/v1/metrics");
    assertThat(ExportSettings.otlpUrl("http://c:4318/v1/metrics", true, "http/protobuf", "metrics")).isEqualTo("http://c:4318/v1/metrics");
  }

  private static String[] with(String[] labels, String more) {
    String[] all = Arrays.copyOf(labels, labels.length + 1);
    all[labels.length] = more;
    return all;
  }
}
