package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two JVMs of test-apps' spring-boot-webflux under tracer.jar, as users run them ({@code java -jar}): a front
 * (an annotated controller calling the back with WebClient) and a back (a RouterFunction reading Redis through
 * Lettuce reactive and PostgreSQL through JDBC on boundedElastic). Both export to one OTLP receiver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebFluxChainSmokeTest {
  static final String APP = "spring-boot-webflux";
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private OtlpReceiver receiver;
  private AgentProcess back;
  private AgentProcess front;
  private String frontUrl;

  @BeforeAll
  void runFrontAndBack() throws Exception {
    Path jar = Paths.get(System.getProperty("test.apps.dir", "../test-apps"), APP, "target", APP + ".jar");
    assertThat(jar).as("built by test-apps").isRegularFile();
    receiver = new OtlpReceiver();
    int backPort = MetricsSmokeTest.freePort();
    int frontPort = MetricsSmokeTest.freePort();
    back = service(jar, "back", backPort).start();
    front = service(jar, "front", frontPort).args("--shop.backend=http://127.0.0.1:" + backPort)
        .start();
    frontUrl = "http://127.0.0.1:" + frontPort;
    // Boot starts in seconds; the margin is for a machine shared by parallel builds
    back.awaitOutput("Started ReactiveShopApplication", 240);
    front.awaitOutput("Started ReactiveShopApplication", 240);
  }

  private AgentProcess.Builder service(Path jar, String name, int port) {
    return AgentProcess.jarBuilder(jar.toString())
        .env("TRACER_EXPORTER", "otlp")
        .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
        .env("TRACER_SERVICE_NAME", name)
        .env("TRACER_QUEUE_CAPACITY", "20000") // a burst of 1,000 requests: this test is about parenting, not drops
        .args("--server.port=" + port);
  }

  @AfterAll
  void stop() {
    for (AgentProcess process : new AgentProcess[] {front, back}) {
      if (process != null) {
        process.close();
      }
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private String get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(frontUrl + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static List<ReceivedSpan> trace(List<ReceivedSpan> spans, String traceId) {
    return spans.stream().filter(s -> s.traceId.equals(traceId)).collect(Collectors.toList());
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String service, String kind, String name) {
    List<ReceivedSpan> found = spans.stream()
        .filter(s -> s.serviceName().equals(service) && s.kind.equals(kind) && s.name.equals(name))
        .collect(Collectors.toList());
    assertThat(found).as("%s %s %s in %s", service, kind, name, spans).hasSize(1);
    return found.get(0);
  }

  private ReceivedSpan frontServer(List<ReceivedSpan> spans, String path) {
    return spans.stream().filter(s -> s.kind.equals("SERVER") && path.equals(s.attribute("url.path"))).findFirst().orElse(null);
  }

  /** SERVER → CLIENT → SERVER → (redis CLIENT, db CLIENT), across the two JVMs, with the routes as names. */
  private static void assertOneRequest(List<ReceivedSpan> trace, String id) {
    assertThat(trace).as("%s", trace).hasSize(5);
    ReceivedSpan frontServer = only(trace, "front", "SERVER", "GET /front/orders/{id}");
    assertThat(frontServer.isRoot()).isTrue();
    assertThat(frontServer.attribute("url.path")).isEqualTo("/front/orders/" + id);
    ReceivedSpan client = only(trace, "front", "CLIENT", "GET");
    assertThat(client.parentSpanId).isEqualTo(frontServer.spanId);
    assertThat(String.valueOf(client.attribute("url.full"))).endsWith("/back/orders/" + id);
    ReceivedSpan backServer = only(trace, "back", "SERVER", "GET /back/orders/{id}");
    assertThat(backServer.parentSpanId).isEqualTo(client.spanId);
    assertThat(backServer.attribute("http.route")).isEqualTo("/back/orders/{id}");
    ReceivedSpan redis = only(trace, "back", "CLIENT", "GET");
    assertThat(redis.attribute("db.system")).isEqualTo("redis");
    assertThat(redis.parentSpanId).isEqualTo(backServer.spanId);
    List<ReceivedSpan> db = trace.stream().filter(s -> "postgresql".equals(s.attribute("db.system"))).collect(Collectors.toList());
    assertThat(db).hasSize(1);
    assertThat(db.get(0).parentSpanId).isEqualTo(backServer.spanId);
    assertThat(db.get(0).serviceName()).isEqualTo("back");
  }

  @Test
  void oneRequestIsOneConnectedTraceAcrossBothServices() throws Exception {
    assertThat(get("/front/orders/7")).isEqualTo("front order 7 stock 0 rows 0");
    List<ReceivedSpan> spans = receiver.await(all -> {
      ReceivedSpan root = frontServer(all, "/front/orders/7");
      return root != null && trace(all, root.traceId).size() >= 5;
    }, 60);
    ReceivedSpan root = frontServer(spans, "/front/orders/7");
    assertThat(root).as(front.dump() + back.dump()).isNotNull();
    assertOneRequest(trace(spans, root.traceId), "7");
  }

  @Test
  void aThousandConcurrentRequestsEachHaveExactlyTheirOwnSpans() throws Exception {
    int requests = 1000;
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      responses.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(frontUrl + "/front/orders/c" + i)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(responses.toArray(new CompletableFuture[0])).get(180, TimeUnit.SECONDS);
    for (int i = 0; i < requests; i++) {
      assertThat(responses.get(i).get().body()).isEqualTo("front order c" + i + " stock 0 rows 0");
    }
    // every request's five spans, in whichever order the two JVMs export them
    List<ReceivedSpan> spans = receiver.await(all -> {
      Map<String, Long> sizes = all.stream().collect(Collectors.groupingBy(s -> s.traceId, Collectors.counting()));
      return all.stream().filter(s -> s.kind.equals("SERVER") && String.valueOf(s.attribute("url.path")).startsWith("/front/orders/c"))
          .filter(root -> sizes.get(root.traceId) >= 5).count() >= requests;
    }, 120);
    Map<String, List<ReceivedSpan>> byTrace = spans.stream().collect(Collectors.groupingBy(s -> s.traceId));
    for (int i = 0; i < requests; i++) {
      ReceivedSpan root = frontServer(spans, "/front/orders/c" + i);
      assertThat(root).as("request %d", i).isNotNull();
      assertOneRequest(byTrace.get(root.traceId), "c" + i);
    }
  }

  /** The front gives up after 200 ms: its CLIENT span ends, cancelled; the back's request ends too. */
  @Test
  void aTimedOutWebClientCallEndsItsSpan() throws Exception {
    assertThat(get("/front/impatient")).isEqualTo("gave up");
    assertCancelledCall("/front/impatient");
  }

  /** The front's subscriber cancels the call (the other side of a zip failed first): its CLIENT span ends. */
  @Test
  void aCancelledWebClientCallEndsItsSpan() throws Exception {
    assertThat(get("/front/cancelled")).isEqualTo("cancelled");
    assertCancelledCall("/front/cancelled");
  }

  private void assertCancelledCall(String path) throws Exception {
    List<ReceivedSpan> spans = receiver.await(all -> {
      ReceivedSpan root = frontServer(all, path);
      return root != null && trace(all, root.traceId).size() >= 3;
    }, 30);
    ReceivedSpan root = frontServer(spans, path);
    assertThat(root).isNotNull();
    List<ReceivedSpan> trace = trace(spans, root.traceId);
    ReceivedSpan client = only(trace, "front", "CLIENT", "GET");
    assertThat(client.parentSpanId).isEqualTo(root.spanId);
    assertThat(client.status).isEqualTo("ERROR");
    assertThat(client.event("exception").get("exception.type")).isEqualTo("java.util.concurrent.CancellationException");
    assertThat(client.attributes).doesNotContainKey("http.response.status_code");
    ReceivedSpan backServer = only(trace, "back", "SERVER", "GET /back/slow");
    assertThat(backServer.parentSpanId).isEqualTo(client.spanId);
  }
}
