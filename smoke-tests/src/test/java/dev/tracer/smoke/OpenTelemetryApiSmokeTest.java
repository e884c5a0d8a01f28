package dev.tracer.smoke;

import static dev.tracer.testing.ReceivedSpan.named;
import static dev.tracer.testing.ReceivedSpan.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.KafkaApps;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.Waiting;
import dev.tracer.testing.ZipkinServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service (test-apps/spring-boot-otel-api, Spring Boot 4: Spring MVC, JDBC on H2, spring-kafka against a
 * KRaft broker in its own JVM, @Async, @Scheduled) whose own code uses the OpenTelemetry API and @WithSpan, as its
 * executable jar under tracer.jar, exporting to a real Zipkin and an OTLP receiver: one trace per request, its
 * application spans where the code put them; one root span per scheduled run. Without the agent, and with the
 * bridge switched off, it answers the same with the API's no-op.
 */
class OpenTelemetryApiSmokeTest {
  static final String APP = "spring-boot-otel-api";
  static final String ZEROS = "00000000000000000000000000000000";
  static final Pattern ANSWER = Pattern.compile("order (\\S+) price (-?\\d+) trace ([0-9a-f]{32})");
  static AgentProcess broker;
  static String brokers;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = AgentProcess.builder(KafkaApps.BrokerMain.class).withoutAgent()
        .args("otel-api-traced", "otel-api-plain", "otel-api-off").start();
    broker.awaitOutput("brokers ", 60);
    brokers = broker.stdout().replaceAll("(?s).*brokers (\\S+).*", "$1");
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  static AgentProcess.Builder shop(String topic, int port) {
    Path jar = Paths.get(System.getProperty("test.apps.dir", "../test-apps"), APP, "target", APP + ".jar");
    assertThat(jar).as("built by test-apps").isRegularFile();
    return AgentProcess.jarBuilder(jar.toString()).env("TRACER_SERVICE_NAME", "otel-shop")
        .args("--server.port=" + port, "--spring.kafka.bootstrap-servers=" + brokers, "--shop.topic=" + topic);
  }

  static Matcher order(int port, String path, AgentProcess app) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(app.dump()).isEqualTo(200);
    Matcher answer = ANSWER.matcher(response.body());
    assertThat(answer.matches()).as(response.body()).isTrue();
    return answer;
  }

  @Test
  void eachRequestIsOneTraceWithTheApplicationsSpansAndEachJobRunARoot() throws Exception {
    ZipkinServer zipkin = ZipkinServer.shared();
    int port = MetricsSmokeTest.freePort();
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess app = shop("otel-api-traced", port).env("TRACER_EXPORTER", "otlp,zipkin")
            .env("TRACER_OTLP_ENDPOINT", receiver.endpoint()).env("TRACER_ZIPKIN_ENDPOINT", zipkin.endpoint()).start()) {
      app.awaitOutput("Started OtelShopApplication", 240);
      Matcher first = order(port, "/orders/1", app);
      Matcher failing = order(port, "/orders/2?failPricing=true", app);
      assertThat(first.group(2)).isEqualTo("42");
      assertThat(failing.group(2)).isEqualTo("-1");
      app.awaitOutput("shipped 2", 60);

      List<ReceivedSpan> spans = receiver.await(all -> named(all, "INSERT shipments").size() == 2
          && named(all, "INSERT audit").size() == 2 && named(all, "ReportJob.report").size() >= 2, 60);
      String dump = spans.stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n" + app.dump();

      for (Matcher answer : List.of(first, failing)) {
        String id = answer.group(1);
        String traceId = answer.group(3);
        // the application's Span.current() trace id is the exported one
        List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId.equals(traceId)).collect(Collectors.toList());
        assertThat(trace).as(dump).hasSize(9);
        ReceivedSpan server = only(trace, "GET /orders/{id}", dump);
        assertThat(server.kind).isEqualTo("SERVER");
        assertThat(server.isRoot()).isTrue();
        assertThat(server.attribute("shop.user")).as(dump).isEqualTo("u" + id);

        ReceivedSpan reserve = only(trace, "Inventory.reserve", dump);
        assertThat(reserve.kind).isEqualTo("INTERNAL");
        assertThat(reserve.parentSpanId).isEqualTo(server.spanId);
        assertThat(reserve.attribute("shop.sku")).isEqualTo("sku-" + id);
        assertThat(only(trace, "UPDATE stock", dump).parentSpanId).as(dump).isEqualTo(reserve.spanId);

        ReceivedSpan pricing = only(trace, "pricing", dump);
        assertThat(pricing.kind).isEqualTo("INTERNAL");
        assertThat(pricing.scopeName).isEqualTo("shop");
        assertThat(pricing.parentSpanId).isEqualTo(server.spanId);
        ReceivedSpan select = only(trace, "SELECT prices", dump);
        assertThat(select.parentSpanId).as(dump).isEqualTo(pricing.spanId);
        if (id.equals("2")) {
          assertThat(pricing.status).isEqualTo("ERROR");
          assertThat(pricing.eventNames).contains("exception");
          assertThat(select.status).isEqualTo("ERROR");
        } else {
          assertThat(pricing.status).isEqualTo("UNSET");
        }

        assertThat(only(trace, "INSERT audit", dump).parentSpanId).as(dump).isEqualTo(server.spanId);
        ReceivedSpan publish = only(trace, "otel-api-traced publish", dump);
        ReceivedSpan process = only(trace, "otel-api-traced process", dump);
        assertThat(publish.parentSpanId).isEqualTo(server.spanId);
        assertThat(process.parentSpanId).as(dump).isEqualTo(publish.spanId);
        assertThat(only(trace, "INSERT shipments", dump).parentSpanId).as(dump).isEqualTo(process.spanId);
      }

      // each scheduled run: one INTERNAL root with its query below; no query of a job is a root
      List<ReceivedSpan> runs = named(spans, "ReportJob.report");
      Map<String, ReceivedSpan> runsById = runs.stream().collect(Collectors.toMap(s -> s.spanId, Function.identity()));
      assertThat(runs).allSatisfy(run -> {
        assertThat(run.kind).isEqualTo("INTERNAL");
        assertThat(run.isRoot()).isTrue();
      });
      assertThat(runs.stream().map(s -> s.traceId).distinct().count()).isEqualTo(runs.size());
      List<ReceivedSpan> jobQueries = named(spans, "SELECT shipments");
      assertThat(jobQueries).as(dump).isNotEmpty()
          .allSatisfy(query -> assertThat(runsById).as(dump).containsKey(query.parentSpanId));

      // the same spans in Zipkin (span names lower-cased there)
      String traceId = first.group(3);
      List<zipkin2.Span> stored = zipkin.awaitSpans("otel-shop", 1, 30);
      Waiting.until(() -> zipkin.spans("otel-shop").stream().filter(s -> s.traceId().equals(traceId)).count() >= 9, 30);
      List<zipkin2.Span> zipkinTrace = zipkin.spans("otel-shop").stream().filter(s -> s.traceId().equals(traceId))
          .collect(Collectors.toList());
      Set<String> names = zipkinTrace.stream().map(zipkin2.Span::name).collect(Collectors.toSet());
      assertThat(names).as(String.valueOf(stored.size())).contains("pricing", "inventory.reserve", "get /orders/{id}");
      assertThat(zipkinTrace).filteredOn(s -> "get /orders/{id}".equals(s.name()))
          .singleElement().satisfies(s -> assertThat(s.tags()).containsEntry("shop.user", "u1"));
    }
  }

  @Test
  void withoutTheAgentAndWithTheBridgeOffTheApplicationAnswersTheSame() throws Exception {
    int plainPort = MetricsSmokeTest.freePort();
    int offPort = MetricsSmokeTest.freePort();
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess plain = shop("otel-api-plain", plainPort).withoutAgent().start();
        AgentProcess off = shop("otel-api-off", offPort).env("TRACER_EXPORTER", "otlp")
            .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
            .env("TRACER_INSTRUMENTATION_OPENTELEMETRY_API_ENABLED", "false").start()) {
      for (AgentProcess app : List.of(plain, off)) {
        app.awaitOutput("Started OtelShopApplication", 240);
      }
      for (AgentProcess app : List.of(plain, off)) {
        int port = app == plain ? plainPort : offPort;
        Matcher answer = order(port, "/orders/1", app);
        assertThat(answer.group(2)).isEqualTo("42");
        assertThat(answer.group(3)).as("the API's no-op span").isEqualTo(ZEROS);
        assertThat(order(port, "/orders/2?failPricing=true", app).group(2)).isEqualTo("-1");
        app.awaitOutput("shipped 2", 60);
      }
      assertThat(plain.stderr()).doesNotContain("[tracer]");
      // with the bridge off the agent traces as before, and nothing the application's API says reaches it
      List<ReceivedSpan> spans = receiver.await(all -> named(all, "INSERT shipments").size() == 2, 60);
      String dump = spans.stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n" + off.dump();
      assertThat(named(spans, "GET /orders/{id}")).as(dump).hasSize(2)
          .allSatisfy(server -> assertThat(server.attributes).doesNotContainKey("shop.user"));
      assertThat(named(spans, "pricing")).as(dump).isEmpty();
    }
  }
}
