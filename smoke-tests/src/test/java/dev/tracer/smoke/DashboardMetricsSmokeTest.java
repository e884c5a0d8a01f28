package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.PrometheusText;
import dev.tracer.testing.ReceivedMetrics;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.Waiting;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #27: the metrics dashboards are built on, from the Spring Boot 4 shop of test-apps under tracer.jar on each
 * JDK: one Prometheus scrape has the JVM runtime families and the semantic-convention request durations (server by
 * route, client, database) with their attributes and the application's own counter and histogram (its OpenTelemetry
 * API), and the same numbers arrive over OTLP, decoded.
 */
class DashboardMetricsSmokeTest {
  private static final String CONTEXT = "/shop";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static Stream<String> javaHomes() {
    return AgentProcess.javaHomes().stream();
  }

  @ParameterizedTest
  @MethodSource("javaHomes")
  void jvmAndRequestMetricsOnTheEndpointAndOverOtlp(String javaHome) throws Exception {
    Path jar = Paths.get(System.getProperty("test.apps.dir", "../test-apps"), "spring-boot-mvc", "target", "spring-boot-mvc.jar");
    assertThat(jar).as("built by test-apps").isRegularFile();
    int port = MetricsSmokeTest.freePort();
    int metricsPort = MetricsSmokeTest.freePort();
    String base = "http://127.0.0.1:" + port + CONTEXT;
    String url = "http://127.0.0.1:" + metricsPort + "/metrics";
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess app = AgentProcess.jarBuilder(jar.toString())
            .javaHome(javaHome)
            .env("TRACER_EXPORTER", "otlp")
            .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
            .env("TRACER_SERVICE_NAME", "shop")
            .env("TRACER_METRICS_PORT", String.valueOf(metricsPort))
            .env("TRACER_METRICS_INTERVAL", "500ms")
            .args("--server.port=" + port, "--server.servlet.context-path=" + CONTEXT)
            .start()) {
      app.awaitOutput("Started ShopApplication", 240);
      assertThat(send(base, "POST", "/orders/new", "customer=ada")).isEqualTo(200);
      assertThat(send(base, "GET", "/orders/1", null)).isEqualTo(200);
      assertThat(send(base, "GET", "/orders/1", null)).isEqualTo(200);
      assertThat(send(base, "GET", "/orders/99", null)).isEqualTo(404);
      assertThat(send(base, "GET", "/orders/1/fail", null)).isEqualTo(500);
      // a CLIENT span, and one more SERVER span for /orders/{id} inside it
      assertThat(send(base, "GET", "/orders/1/via-http", null)).isEqualTo(200);
      // the application's own meters (its OpenTelemetry API): a counter and a histogram per checkout
      assertThat(send(base, "POST", "/orders/1/checkout", "")).isEqualTo(200);
      assertThat(send(base, "POST", "/orders/2/checkout", "")).isEqualTo(200);
      List<ReceivedSpan> spans = receiver.await(received -> received.stream().filter(s -> s.kind.equals("SERVER")).count() >= 9, 30);
      assertThat(spans.stream().filter(s -> s.kind.equals("SERVER"))).as(app.dump()).hasSize(9);
      // the request metrics are recorded by the export worker: settled once the queue counted every span exported
      assertThat(Waiting.until(() -> scrape(url).samples("tracer_queue_exported_total")
          .equals(List.of((double) receiver.spans().size())), 15)).as(app.dump()).isTrue();
      spans = receiver.spans();
      // and the runtime metrics once their observers are registered and a collection was announced
      assertThat(Waiting.until(() -> scrape(url).text.contains("jvm_gc_duration_seconds_count{"), 30))
          .as("%s", scrape(url)).isTrue();
      PrometheusText text = PrometheusText.scrape(url);

      // JVM runtime families, with their attributes
      assertThat(text.series("jvm_memory_used_bytes")).anySatisfy((labels, value) -> {
        assertThat(labels).containsEntry("jvm_memory_type", "heap").containsKey("jvm_memory_pool_name");
        assertThat(value).isPositive();
      }).anySatisfy((labels, value) -> assertThat(labels).containsEntry("jvm_memory_type", "non_heap"));
      for (String family : List.of("jvm_memory_committed_bytes", "jvm_memory_limit_bytes", "jvm_memory_used_after_last_gc_bytes")) {
        assertThat(text.series(family)).as(family).isNotEmpty()
            .allSatisfy((labels, value) -> assertThat(labels).containsKeys("jvm_memory_type", "jvm_memory_pool_name"));
      }
      assertThat(text.series("jvm_gc_duration_seconds_count")).isNotEmpty()
          .allSatisfy((labels, value) -> assertThat(labels).containsKeys("jvm_gc_name", "jvm_gc_action"));
      assertThat(text.series("jvm_gc_duration_seconds_bucket")).isNotEmpty();
      assertThat(text.series("jvm_thread_count")).isNotEmpty()
          .allSatisfy((labels, value) -> assertThat(labels).containsKeys("jvm_thread_daemon", "jvm_thread_state"));
      assertThat(text.sample("jvm_class_loaded_total")).isGreaterThan(1000);
      assertThat(text.sample("jvm_class_count")).isGreaterThan(1000);
      assertThat(text.series("jvm_class_unloaded_total")).hasSize(1);
      assertThat(text.sample("jvm_cpu_time_seconds_total")).isPositive();
      assertThat(text.sample("jvm_cpu_count")).isEqualTo(Runtime.getRuntime().availableProcessors());
      assertThat(text.series("jvm_cpu_recent_utilization")).hasSize(1);
      assertThat(text.series("jvm_buffer_memory_used_bytes")).containsKey(Map.of("jvm_buffer_pool_name", "direct"));
      assertThat(text.series("jvm_buffer_count")).containsKey(Map.of("jvm_buffer_pool_name", "direct"));

      // HTTP server durations by route, as many as there were SERVER spans of each route and status
      Map<Map<String, String>, Double> server = text.series("http_server_request_duration_seconds_count");
      Map<Map<String, String>, Double> expectedServer = new HashMap<>();
      for (ReceivedSpan span : spans) {
        if (span.kind.equals("SERVER")) {
          Map<String, String> labels = new TreeMap<>(Map.of("http_request_method", (String) span.attribute("http.request.method"),
              "http_route", (String) span.attribute("http.route"), "url_scheme", "http",
              "http_response_status_code", String.valueOf(span.attribute("http.response.status_code"))));
          if (labels.get("http_response_status_code").startsWith("5")) {
            labels.put("error_type", labels.get("http_response_status_code"));
          }
          expectedServer.merge(labels, 1.0, Double::sum);
        }
      }
      assertThat(server).as(text.text).isEqualTo(expectedServer);
      assertThat(server).containsEntry(Map.of("http_request_method", "GET", "http_route", CONTEXT + "/orders/{id}",
          "http_response_status_code", "200", "url_scheme", "http"), 3.0);
      assertThat(server).containsEntry(Map.of("http_request_method", "GET", "http_route", CONTEXT + "/orders/{id}",
          "http_response_status_code", "404", "url_scheme", "http"), 1.0);
      assertThat(server).containsEntry(Map.of("http_request_method", "GET", "http_route", CONTEXT + "/orders/{id}/fail",
          "http_response_status_code", "500", "url_scheme", "http", "error_type", "500"), 1.0);
      // routes, never raw paths
      Set<String> routes = server.keySet().stream().map(l -> l.get("http_route")).collect(Collectors.toCollection(TreeSet::new));
      assertThat(routes).containsExactly(CONTEXT + "/orders/new", CONTEXT + "/orders/{id}", CONTEXT + "/orders/{id}/checkout",
          CONTEXT + "/orders/{id}/fail", CONTEXT + "/orders/{id}/via-http");
      assertThat(text.text).doesNotContain("\"" + CONTEXT + "/orders/1\"").doesNotContain("\"" + CONTEXT + "/orders/99\"");
      assertThat(text.series("http_server_request_duration_seconds_bucket")).anySatisfy((labels, value) ->
          assertThat(labels).containsEntry("http_route", CONTEXT + "/orders/{id}").containsEntry("le", "0.005"));

      // the outgoing call, by server address and port
      assertThat(text.series("http_client_request_duration_seconds_count")).isEqualTo(Map.of(Map.of(
          "http_request_method", "GET", "server_address", "127.0.0.1", "server_port", String.valueOf(port),
          "http_response_status_code", "200"), 1.0));

      // database operations by operation and table, as many as the CLIENT spans of H2
      Map<Map<String, String>, Double> expectedDb = new HashMap<>();
      for (ReceivedSpan span : spans) {
        if (span.kind.equals("CLIENT") && "h2".equals(span.attribute("db.system"))) {
          Map<String, String> labels = new TreeMap<>(Map.of("db_system", "h2"));
          if (span.attribute("db.operation") != null) {
            labels.put("db_operation_name", (String) span.attribute("db.operation"));
          }
          if (span.attribute("db.sql.table") != null) {
            labels.put("db_collection_name", (String) span.attribute("db.sql.table"));
          }
          expectedDb.merge(labels, 1.0, Double::sum);
        }
      }
      assertThat(text.series("db_client_operation_duration_seconds_count")).isEqualTo(expectedDb)
          .containsKey(Map.of("db_system", "h2", "db_operation_name", "SELECT", "db_collection_name", "shop_order"));

      // the application's own counter and histogram, under its meter's name
      assertThat(text.series("shop_checkouts_total")).isEqualTo(Map.of(Map.of("shop_tier", "gold"), 2.0));
      assertThat(text.series("shop_checkout_amount_count")).isEqualTo(Map.of(Map.of("shop_tier", "gold"), 2.0));
      assertThat(text.series("shop_checkout_amount_sum")).isEqualTo(Map.of(Map.of("shop_tier", "gold"), 43.0));

      // the same numbers over OTLP, decoded: every point of each request histogram equals its Prometheus series
      Map<String, String> families = Map.of("http.server.request.duration", "http_server_request_duration_seconds",
          "http.client.request.duration", "http_client_request_duration_seconds",
          "db.client.operation.duration", "db_client_operation_duration_seconds");
      assertThat(receiver.awaitMetrics(m -> families.keySet().stream().allMatch(name -> m.last(name).isPresent()
          && sameCounts(m.last(name).get(), text, families.get(name))) && m.value("shop.checkouts", Map.of()) == 2, 20))
          .as("OTLP %s", receiver.metrics()).isTrue();
      ReceivedMetrics metrics = receiver.metrics();
      for (Map.Entry<String, String> family : families.entrySet()) {
        Metric metric = metrics.last(family.getKey()).orElseThrow();
        assertThat(metric.getUnit()).isEqualTo("s");
        for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
          Map<String, String> labels = labels(point.getAttributesList());
          long cumulative = 0;
          for (int i = 0; i < point.getExplicitBoundsCount(); i++) {
            cumulative += point.getBucketCounts(i);
            Map<String, String> bucket = new TreeMap<>(labels);
            bucket.put("le", String.valueOf(point.getExplicitBounds(i)));
            assertThat(text.series(family.getValue() + "_bucket").get(bucket)).as("%s %s", family.getKey(), bucket)
                .isEqualTo((double) cumulative);
          }
        }
      }
      assertThat(metrics.value("shop.checkouts", Map.of("shop.tier", "gold"))).isEqualTo(2);
      HistogramDataPoint amounts = metrics.histogram("shop.checkout.amount", Map.of("shop.tier", "gold")).orElseThrow();
      assertThat(amounts.getCount()).isEqualTo(2);
      assertThat(amounts.getSum()).isEqualTo(43.0);
      // the runtime families over OTLP with the same attributes
      assertThat(metrics.last("jvm.memory.used").orElseThrow().getSum().getDataPointsList()).anySatisfy(p ->
          assertThat(labels(p.getAttributesList())).containsEntry("jvm_memory_type", "heap").containsKey("jvm_memory_pool_name"));
      assertThat(metrics.last("jvm.gc.duration").orElseThrow().getHistogram().getDataPointsList()).isNotEmpty()
          .allSatisfy(p -> assertThat(labels(p.getAttributesList())).containsKeys("jvm_gc_name", "jvm_gc_action"));
      assertThat(metrics.last("jvm.thread.count").orElseThrow().getSum().getDataPointsList()).isNotEmpty()
          .allSatisfy(p -> assertThat(labels(p.getAttributesList())).containsKeys("jvm_thread_daemon", "jvm_thread_state"));
      assertThat(metrics.value("jvm.cpu.count", Map.of())).isEqualTo((long) text.sample("jvm_cpu_count"));
      for (String name : List.of("jvm.memory.committed", "jvm.memory.limit", "jvm.memory.used_after_last_gc",
          "jvm.class.loaded", "jvm.class.unloaded", "jvm.class.count", "jvm.cpu.time", "jvm.cpu.recent_utilization",
          "jvm.buffer.memory.used", "jvm.buffer.count")) {
        assertThat(metrics.last(name)).as(name).isPresent();
      }
    }
  }

  /** The Prometheus label set of OTLP attributes: dots as underscores, values as text. */
  private static Map<String, String> labels(List<io.opentelemetry.proto.common.v1.KeyValue> attributes) {
    Map<String, String> labels = new TreeMap<>();
    OtlpReceiver.toMap(attributes).forEach((key, value) -> labels.put(key.replace('.', '_'), String.valueOf(value)));
    return labels;
  }

  /** Whether every point of an OTLP histogram has the count of the Prometheus series with its labels, and no more. */
  private static boolean sameCounts(Metric metric, PrometheusText text, String family) {
    Map<Map<String, String>, Double> prometheus = text.series(family + "_count");
    Map<Map<String, String>, Double> otlp = new HashMap<>();
    for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
      otlp.put(labels(point.getAttributesList()), (double) point.getCount());
    }
    return otlp.equals(prometheus);
  }

  private static int send(String base, String method, String path, String form) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static PrometheusText scrape(String url) {
    try {
      return PrometheusText.scrape(url);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
