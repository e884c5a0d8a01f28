package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.PrometheusText;
import dev.tracer.testing.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Spring Boot executable jar of test-apps (a shop: Spring MVC controllers, a functional endpoint, static pages,
 * Spring Data JPA on H2) run once per test class under tracer.jar, as users run it ({@code java -jar}), with a
 * context path; every test reads what the OTLP receiver and the metrics endpoint got for the same requests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringMvcContract {
  static final String CONTEXT = "/shop";
  /** The application's own exception type, thrown out of a controller. */
  static final String APP_EXCEPTION = "dev.tracer.testapp.mvc.OrderFailedException";

  private OtlpReceiver receiver;
  private AgentProcess app;
  private String base;
  private int metricsPort;
  /** The SERVER span of each request sent, by "METHOD path". */
  private final Map<String, ReceivedSpan> servers = new LinkedHashMap<>();
  private final Map<String, Integer> statuses = new LinkedHashMap<>();
  private List<ReceivedSpan> spans;

  /** The application's artifactId under test-apps. */
  abstract String app();

  @BeforeAll
  void runTheApplication() throws Exception {
    Path jar = Paths.get(System.getProperty("test.apps.dir", "../test-apps"), app(), "target", app() + ".jar");
    assertThat(jar).as("built by test-apps").isRegularFile();
    int port = MetricsSmokeTest.freePort();
    metricsPort = MetricsSmokeTest.freePort();
    base = "http://127.0.0.1:" + port + CONTEXT;
    receiver = new OtlpReceiver();
    app = AgentProcess.jarBuilder(jar.toString())
        .env("TRACER_EXPORTER", "otlp")
        .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
        .env("TRACER_SERVICE_NAME", "shop")
        .env("TRACER_METRICS_PORT", String.valueOf(metricsPort))
        .args("--server.port=" + port, "--server.servlet.context-path=" + CONTEXT)
        .start();
    // Boot starts in seconds; the margin is for a machine shared by parallel builds
    app.awaitOutput("Started ShopApplication", 240);

    send("POST", "/orders/new", "customer=ada");
    send("GET", "/orders/1", null);
    send("GET", "/orders/99", null);
    send("GET", "/orders/1/fail", null);
    send("GET", "/customers/ada/orders", null);
    send("GET", "/legacy/orders/1", null);
    send("GET", "/fn/hello/bob", null);
    send("GET", "/resources/catalog.html", null);
    send("GET", "/nope", null);
    send("GET", "/", null);
    spans = receiver.await(received -> servers(received).size() >= statuses.size(), 30);
    for (ReceivedSpan server : servers(spans)) {
      servers.put(server.attribute("http.request.method") + " " + server.attribute("url.path"), server);
    }
    assertThat(servers.keySet()).as(app.dump()).containsExactlyInAnyOrderElementsOf(statuses.keySet());
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private void send(String method, String path, String form) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (form != null) {
      request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    statuses.put(method + " " + CONTEXT + path, response.statusCode());
  }

  private static List<ReceivedSpan> servers(List<ReceivedSpan> spans) {
    return spans.stream().filter(s -> s.kind.equals("SERVER")).collect(Collectors.toList());
  }

  private ReceivedSpan server(String request) {
    return servers.get(request.replaceFirst(" ", " " + CONTEXT));
  }

  private List<ReceivedSpan> children(ReceivedSpan parent) {
    return spans.stream().filter(s -> s.parentSpanId.equals(parent.spanId)).collect(Collectors.toList());
  }

  @Test
  void serverSpansAreNamedAfterTheMatchedRoute() {
    Map<String, String> routes = new LinkedHashMap<>();
    routes.put("POST /orders/new", "/orders/new");
    routes.put("GET /orders/1", "/orders/{id}");
    routes.put("GET /orders/99", "/orders/{id}");
    routes.put("GET /orders/1/fail", "/orders/{id}/fail");
    routes.put("GET /customers/ada/orders", "/customers/{customer}/orders");
    // a forward keeps the route the request was matched to
    routes.put("GET /legacy/orders/1", "/legacy/orders/{id}");
    routes.put("GET /fn/hello/bob", "/fn/hello/{name}");
    routes.put("GET /resources/catalog.html", "/resources/**");
    routes.put("GET /", "/");
    routes.forEach((request, route) -> {
      ReceivedSpan span = server(request);
      String method = request.substring(0, request.indexOf(' '));
      assertThat(span.name).as(request).isEqualTo(method + " " + CONTEXT + route);
      assertThat(span.attribute("http.route")).as(request).isEqualTo(CONTEXT + route);
      assertThat(span.kind).isEqualTo("SERVER");
      assertThat(span.isRoot()).as(request).isTrue();
      assertThat(span.serviceName()).isEqualTo("shop");
    });
    assertThat(servers.values().stream().map(s -> s.traceId).distinct()).hasSize(servers.size());
  }

  @Test
  void requestNoHandlerMatchesKeepsThePlainMethodName() {
    assertThat(statuses.get("GET " + CONTEXT + "/nope")).isEqualTo(404);
    ReceivedSpan span = server("GET /nope");
    assertThat(span.name).isEqualTo("GET");
    assertThat(span.attributes).doesNotContainKey("http.route");
    assertThat(span.attribute("http.response.status_code")).isEqualTo(404L);
    assertThat(span.status).isEqualTo("UNSET");
  }

  @Test
  void exceptionOutOfAControllerIsTheApplicationsOwn() {
    assertThat(statuses.get("GET " + CONTEXT + "/orders/1/fail")).isEqualTo(500);
    ReceivedSpan span = server("GET /orders/1/fail");
    assertThat(span.status).isEqualTo("ERROR");
    assertThat(span.attribute("http.response.status_code")).isEqualTo(500L);
    Map<String, Object> exception = span.event("exception");
    assertThat(exception).as("%s", span).isNotNull();
    assertThat(exception.get("exception.type")).isEqualTo(APP_EXCEPTION);
    assertThat(exception.get("exception.message")).isEqualTo("order 1 failed");
    assertThat(String.valueOf(exception.get("exception.stacktrace"))).contains("OrderController.fail");
    // one request, one SERVER span: the error page dispatch adds none
    assertThat(spans.stream().filter(s -> s.traceId.equals(span.traceId) && s.kind.equals("SERVER"))).hasSize(1);
  }

  @Test
  void clientErrorLeavesTheStatusUnset() {
    assertThat(statuses.get("GET " + CONTEXT + "/orders/99")).isEqualTo(404);
    ReceivedSpan span = server("GET /orders/99");
    assertThat(span.attribute("http.response.status_code")).isEqualTo(404L);
    assertThat(span.status).isEqualTo("UNSET");
    assertThat(servers.values().stream().filter(s -> s.status.equals("ERROR")).map(s -> s.attribute("url.path")))
        .containsExactly(CONTEXT + "/orders/1/fail");
  }

  @Test
  void repositoryCallsAreSpansWithTheirDatabaseCallsBelow() {
    ReceivedSpan post = server("POST /orders/new");
    ReceivedSpan save = repositoryCall(post, "save");
    List<ReceivedSpan> inSave = children(save);
    assertThat(inSave).extracting(s -> s.attribute("db.operation")).contains("INSERT");
    assertThat(inSave).allSatisfy(s -> {
      assertThat(s.kind).isEqualTo("CLIENT");
      assertThat(s.attribute("db.system")).isEqualTo("h2");
    });
    // every database call of the request is inside the repository call
    assertThat(spans.stream().filter(s -> s.traceId.equals(post.traceId) && s.kind.equals("CLIENT")))
        .allSatisfy(s -> assertThat(s.parentSpanId).isEqualTo(save.spanId));

    ReceivedSpan findById = repositoryCall(server("GET /orders/1"), "findById");
    assertThat(children(findById)).extracting(s -> s.name).containsExactly("SELECT shop_order");
    ReceivedSpan findByCustomer = repositoryCall(server("GET /customers/ada/orders"), "findByCustomer");
    assertThat(children(findByCustomer)).extracting(s -> s.name).containsExactly("SELECT shop_order");
    // a forward is one request: one repository call, under the SERVER span of the original request
    repositoryCall(server("GET /legacy/orders/1"), "findById");
  }

  /** The one INTERNAL span {@code OrderRepository.<method>} directly under {@code server}. */
  private ReceivedSpan repositoryCall(ReceivedSpan server, String method) {
    List<ReceivedSpan> internal = children(server).stream().filter(s -> s.kind.equals("INTERNAL")).collect(Collectors.toList());
    assertThat(internal).as("under %s: %s", server, spans).hasSize(1);
    ReceivedSpan call = internal.get(0);
    assertThat(call.name).isEqualTo("OrderRepository." + method);
    assertThat(call.attribute("code.namespace")).isEqualTo("dev.tracer.testapp.mvc.OrderRepository");
    assertThat(call.attribute("code.function")).isEqualTo(method);
    assertThat(call.status).isEqualTo("UNSET");
    return call;
  }

  @Test
  void redMetricsHaveOneSeriesPerRoute() throws Exception {
    PrometheusText text = PrometheusText.scrape("http://127.0.0.1:" + metricsPort + "/metrics");
    Map<String, Long> expected = new TreeMap<>(servers.values().stream()
        .collect(Collectors.groupingBy(s -> s.name, Collectors.counting())));
    Map<String, Long> counted = new TreeMap<>();
    Pattern spanName = Pattern.compile("span_name=\"([^\"]*)\"");
    for (String line : text.text.split("\n")) {
      if (line.startsWith("tracer_span_calls_total{") && line.contains("span_kind=\"SERVER\"")) {
        Matcher name = spanName.matcher(line);
        assertThat(name.find()).isTrue();
        String[] parts = line.trim().split(" ");
        counted.merge(name.group(1), (long) Double.parseDouble(parts[parts.length - 1]), Long::sum);
      }
    }
    assertThat(counted).isEqualTo(expected);
    Set<String> names = new TreeSet<>(counted.keySet());
    assertThat(names).contains("GET " + CONTEXT + "/orders/{id}", "GET " + CONTEXT + "/resources/**", "GET")
        .doesNotContain("GET " + CONTEXT + "/*");
    assertThat(counted.get("GET " + CONTEXT + "/orders/{id}")).isEqualTo(2);
  }
}
