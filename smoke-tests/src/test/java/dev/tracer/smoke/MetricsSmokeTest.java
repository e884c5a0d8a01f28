package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.MetricsApp;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.ListeningSockets;
import dev.tracer.agent.Tracing;
import dev.tracer.testing.OtlpGrpcReceiver;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.PrometheusText;
import dev.tracer.testing.ReceivedMetrics;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.Waiting;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Span-derived RED metrics of a JDBC application in its own JVM under tracer.jar: scraped from the Prometheus
 * endpoint and received over OTLP, compared with the spans the same run exported.
 */
class MetricsSmokeTest {
  private static final int GOOD = 7;
  private static final int BAD = 3;
  /** Seconds; the agent's bucket boundaries. */
  private static final List<Double> BUCKETS =
      Arrays.asList(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

  @TempDir
  Path dir;

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private AgentProcess.Builder app(OtlpReceiver receiver, String database) {
    return AgentProcess.builder(MetricsApp.class)
        .classpath(AgentProcess.appClasspath("h2-"))
        .env("TRACER_EXPORTER", "otlp")
        .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
        .env("TRACER_SERVICE_NAME", "metrics-smoke")
        .args("jdbc:h2:mem:" + database, String.valueOf(GOOD), String.valueOf(BAD), dir.resolve("stop").toString());
  }

  @Test
  void redMetricsOnThePrometheusEndpointAndOverOtlp() throws Exception {
    int port = freePort();
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess app = app(receiver, "red")
            .env("TRACER_METRICS_PORT", String.valueOf(port))
            .env("TRACER_METRICS_INTERVAL", "300ms")
            .env("TRACER_OTLP_HEADERS", "api-key=m-1")
            .start()) {
      app.awaitOutput("workload done", 60);
      // CREATE, INSERT, the good SELECTs, the failing ones
      List<ReceivedSpan> spans = receiver.awaitSpans(2 + GOOD + BAD, 15);
      assertThat(spans).as(app.dump()).hasSize(2 + GOOD + BAD);
      assertThat(app.stderr()).contains("metrics: Prometheus text on http://127.0.0.1:" + port + "/metrics");
      // bound to loopback only, and the application listens on nothing else
      assertThat(ListeningSockets.of(app.process().pid())).containsExactly("127.0.0.1:" + port);

      String url = "http://127.0.0.1:" + port + "/metrics";
      // the queue counts a span as exported once the exporter returned, just after the receiver has it
      Waiting.until(() -> scrape(url).samples("tracer_queue_exported_total").equals(List.of((double) spans.size())), 10);
      PrometheusText text = PrometheusText.scrape(url);
      Map<String, List<ReceivedSpan>> byName = spans.stream().collect(Collectors.groupingBy(s -> s.name));
      String select = "SELECT metrics_orders";
      String failing = "SELECT no_such_table_here";
      assertThat(byName.keySet()).contains(select, failing);
      for (Map.Entry<String, List<ReceivedSpan>> entry : byName.entrySet()) {
        String[] series = {"service_name=\"metrics-smoke\"", "span_kind=\"CLIENT\"", "span_name=\"" + entry.getKey() + "\""};
        long errors = entry.getValue().stream().filter(s -> s.status.equals("ERROR")).count();
        assertThat(text.sample("tracer_span_calls_total", series)).as(entry.getKey()).isEqualTo(entry.getValue().size());
        assertThat(text.sample("tracer_span_errors_total", series)).as(entry.getKey()).isEqualTo(errors);
        assertThat(text.sample("tracer_span_duration_seconds_count", series)).isEqualTo(entry.getValue().size());
        // each cumulative bucket holds exactly the spans (as exported) no longer than its bound
        for (double bound : BUCKETS) {
          long expected = entry.getValue().stream().filter(s -> s.durationNanos / 1e9 <= bound).count();
          String[] bucket = Arrays.copyOf(series, series.length + 1);
          bucket[series.length] = "le=\"" + bound + "\"";
          assertThat(text.sample("tracer_span_duration_seconds_bucket", bucket)).as(entry.getKey() + " le " + bound)
              .isEqualTo(expected);
        }
      }
      assertThat(text.sample("tracer_span_calls_total", "span_name=\"" + select + "\"")).isEqualTo(GOOD);
      assertThat(text.sample("tracer_span_errors_total", "span_name=\"" + select + "\"")).isEqualTo(0);
      assertThat(text.sample("tracer_span_calls_total", "span_name=\"" + failing + "\"")).isEqualTo(BAD);
      assertThat(text.sample("tracer_span_errors_total", "span_name=\"" + failing + "\"")).isEqualTo(BAD);
      assertThat(text.sample("tracer_queue_enqueued_total")).isEqualTo(spans.size());
      assertThat(text.sample("tracer_queue_dropped_total")).isEqualTo(0);
      assertThat(text.sample("tracer_queue_export_failures_total")).isEqualTo(0);
      assertThat(text.sample("tracer_queue_depth")).isEqualTo(0);

      // a Prometheus server with native histograms asks for protobuf first: it gets it, not an error
      java.net.HttpURLConnection proto = (java.net.HttpURLConnection) new java.net.URL(url).openConnection();
      proto.setRequestProperty("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
          + "encoding=delimited;q=0.5,text/plain;version=0.0.4;q=0.1");
      assertThat(proto.getResponseCode()).isEqualTo(200);
      assertThat(proto.getContentType()).startsWith("application/vnd.google.protobuf");
      assertThat(proto.getInputStream().readAllBytes()).isNotEmpty();

      // the same metrics over OTLP (/v1/metrics), with the traces' resource
      Map<String, Object> selectSeries = Map.of("service.name", "metrics-smoke", "span.kind", "CLIENT", "span.name", select);
      Map<String, Object> failingSeries = Map.of("span.name", failing);
      assertThat(receiver.awaitMetrics(m -> m.value("tracer.span.calls", selectSeries) == GOOD
          && m.value("tracer.span.errors", failingSeries) == BAD
          && m.value("tracer.queue.exported", Map.of()) == spans.size(), 15))
          .as("OTLP metrics: %s", receiver.metrics()).isTrue();
      ReceivedMetrics metrics = receiver.metrics();
      assertThat(metrics.value("tracer.span.calls", failingSeries)).isEqualTo(BAD);
      assertThat(metrics.value("tracer.span.errors", selectSeries)).isEqualTo(0);
      assertThat(metrics.resource("tracer.span.calls")).containsEntry("service.name", "metrics-smoke");
      assertThat(receiver.metricRequestHeaders().get(0)).containsEntry("api-key", "m-1");
      // the agent's own OTLP requests (spans and metrics, sent with HttpURLConnection) are never traced
      assertThat(receiver.spans()).as("spans after %d metric exports", receiver.metricRequestHeaders().size())
          .hasSize(spans.size());
      HistogramDataPoint histogram = metrics.histogram("tracer.span.duration", selectSeries).orElseThrow();
      assertThat(histogram.getCount()).isEqualTo(GOOD);
      assertThat(histogram.getExplicitBoundsList()).isEqualTo(BUCKETS);
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.size(); i++) {
        cumulative += histogram.getBucketCounts(i);
        String le = "le=\"" + BUCKETS.get(i) + "\"";
        assertThat((double) cumulative).isEqualTo(text.sample("tracer_span_duration_seconds_bucket",
            "span_name=\"" + select + "\"", le));
      }

      // told to end, the application exits by itself: the endpoint's threads do not keep it alive
      Files.createFile(dir.resolve("stop"));
      assertThat(app.awaitExit(30)).as(app.dump()).isZero();
      assertThat(app.stdout()).contains("told to end");
    }
  }

  @Test
  void noEndpointUnlessAPortIsSet() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver(); AgentProcess app = app(receiver, "quiet").start()) {
      app.awaitOutput("workload done", 60);
      assertThat(receiver.awaitSpans(2 + GOOD + BAD, 15)).as(app.dump()).hasSize(2 + GOOD + BAD);
      // the control for the check below: the same reading finds the receiver's own port in this JVM
      assertThat(ListeningSockets.of(ProcessHandle.current().pid())).contains("127.0.0.1:" + receiver.port());
      assertThat(ListeningSockets.of(app.process().pid())).as("sockets the application listens on").isEmpty();
      assertThat(app.stderr()).doesNotContain("Prometheus");
      Files.createFile(dir.resolve("stop"));
      assertThat(app.awaitExit(30)).as(app.dump()).isZero();
      // OTLP metrics are on with the otlp exporter: the last export at exit carries the totals
      assertThat(receiver.awaitMetrics(m -> m.value("tracer.span.calls", Map.of("span.name", "SELECT metrics_orders")) == GOOD, 10))
          .as("OTLP metrics at exit: %s", receiver.metrics()).isTrue();
    }
  }

  @Test
  void metricsWithoutTraceExport() throws Exception {
    int port = freePort();
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess app = app(receiver, "alone")
            .env("TRACER_EXPORTER", "none")
            .env("TRACER_METRICS_PORT", String.valueOf(port))
            .start()) {
      app.awaitOutput("workload done", 60);
      String url = "http://127.0.0.1:" + port + "/metrics";
      Waiting.until(() -> scrape(url).samples("tracer_span_calls_total", "span_name=\"SELECT metrics_orders\"")
          .equals(List.of((double) GOOD)), 10);
      assertThat(scrape(url).sample("tracer_span_calls_total", "span_name=\"SELECT metrics_orders\"")).isEqualTo(GOOD);
      assertThat(scrape(url).sample("tracer_span_errors_total", "span_name=\"SELECT no_such_table_here\"")).isEqualTo(BAD);
      Files.createFile(dir.resolve("stop"));
      assertThat(app.awaitExit(30)).as(app.dump()).isZero();
      assertThat(receiver.spans()).isEmpty();
      assertThat(receiver.metricRequests()).isEmpty();
    }
  }

  private static PrometheusText scrape(String url) {
    try {
      return PrometheusText.scrape(url);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void otlpGrpcCarriesTheMetricsAndTheLastExportHappensAtShutdown() throws Exception {
    try (OtlpGrpcReceiver receiver = new OtlpGrpcReceiver()) {
      Tracing tracing = Pipelines.create(Map.of("tracer.exporter", "otlp", "tracer.otlp.protocol", "grpc",
          "tracer.otlp.endpoint", receiver.endpoint(), "tracer.metrics.exporter", "otlp",
          "tracer.service.name", "metrics-grpc"));
      for (int i = 0; i < 3; i++) {
        io.opentelemetry.api.trace.Span span = tracing.tracer.spanBuilder("GET /a").setSpanKind(SpanKind.SERVER)
            .setAttribute("http.response.status_code", i == 0 ? 503L : 200L).startSpan();
        span.setStatus(i == 0 ? StatusCode.ERROR : StatusCode.UNSET);
        span.end();
      }
      // the default interval is a minute: what arrives here comes from the export at shutdown
      tracing.shutdown();
      ReceivedMetrics metrics = receiver.metrics();
      assertThat(metrics.value("tracer.span.calls", Map.of("span.name", "GET /a", "http.status_class", "2xx")))
          .as("%s", metrics).isEqualTo(2);
      assertThat(metrics.value("tracer.span.calls", Map.of("span.name", "GET /a", "http.status_class", "5xx"))).isEqualTo(1);
      assertThat(metrics.value("tracer.span.errors", Map.of("span.name", "GET /a", "http.status_class", "5xx"))).isEqualTo(1);
      assertThat(metrics.value("tracer.span.errors", Map.of("span.name", "GET /a", "http.status_class", "2xx"))).isEqualTo(0);
      assertThat(metrics.value("tracer.queue.exported", Map.of())).isEqualTo(3);
      assertThat(metrics.resource("tracer.span.calls")).containsEntry("service.name", "metrics-grpc");
      assertThat(receiver.spans()).hasSize(3);
    }
  }
}
