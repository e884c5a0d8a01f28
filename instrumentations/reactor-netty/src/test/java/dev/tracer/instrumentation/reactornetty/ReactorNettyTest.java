package dev.tracer.instrumentation.reactornetty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.HttpClientContract;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** A real Reactor Netty server on loopback, called by Reactor Netty's client and by the JDK's (untraced here). */
class ReactorNettyTest {
  static DisposableServer server;
  static final HttpClient CLIENT = HttpClient.create();
  static final java.net.http.HttpClient JDK_CLIENT =
      java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() {
    AgentTesting.install(HttpClientContract.agentSettings()); // as the contract test in this JVM
    server = HttpServer.create().host("127.0.0.1").port(0).route(routes -> routes
        // the handler's chain hops to other threads and makes a span there: a child of the SERVER span
        .get("/orders/{id}", (request, response) -> response.sendString(Mono.just(request.param("id"))
            .publishOn(Schedulers.boundedElastic())
            .map(id -> {
              AgentTesting.tracing().tracer.spanBuilder("load order").startSpan().end();
              return "order " + id;
            })
            .delayElement(Duration.ofMillis(1))))
        .get("/fail", (request, response) -> Mono.error(new IllegalStateException("handler failed")))
        .get("/health", (request, response) -> response.sendString(Mono.just("ok")))
        .get("/served", (request, response) -> response.header("X-Served-By", "netty").header("Set-Cookie", "sid=hunter2")
            .sendString(Mono.just("served")))
        .get("/slow", (request, response) -> response.sendString(Mono.delay(Duration.ofSeconds(5)).map(x -> "late")))
        .get("/stream", (request, response) -> response.sendString(
            Flux.interval(Duration.ofMillis(20)).map(i -> "chunk " + i + "\n").take(200))))
        .bindNow();
  }

  @AfterAll
  static void stop() {
    server.disposeNow();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /**
   * The exported SERVER span of the request to {@code path}: a span of the previous test may still end after
   * the reset (a server span ends once its response is written), so the first span exported is not enough.
   */
  static SpanData serverSpanOf(String path) {
    AttributeKey<String> urlPath = AttributeKey.stringKey("url.path");
    return ofKind(AgentTesting.waitFor(all -> all.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER
        && path.equals(s.getAttributes().get(urlPath)))), SpanKind.SERVER).stream()
        .filter(s -> path.equals(s.getAttributes().get(urlPath))).findFirst().orElseThrow();
  }

  static List<SpanData> ofKind(List<SpanData> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind).collect(Collectors.toList());
  }

  @Test
  void serverSpanContinuesTheCallersTraceAndIsCurrentInTheHandlersChain() throws Exception {
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpResponse<String> response = JDK_CLIENT.send(
        HttpRequest.newBuilder(URI.create(url("/orders/7?x=1")))
            .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("order 7");
    List<SpanData> spans = AgentTesting.spans(2);
    SpanData serverSpan = ofKind(spans, SpanKind.SERVER).get(0);
    assertThat(serverSpan.getName()).isEqualTo("GET");
    assertThat(serverSpan.getTraceId()).isEqualTo(traceId);
    assertThat(serverSpan.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(serverSpan.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/orders/7");
    assertThat(serverSpan.getAttributes().get(AttributeKey.stringKey("url.scheme"))).isEqualTo("http");
    assertThat(serverSpan.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(serverSpan.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo((long) server.port());
    assertThat(serverSpan.getAttributes().get(AttributeKey.stringKey("client.address"))).isEqualTo("127.0.0.1");
    SpanData load = spans.stream().filter(s -> s.getName().equals("load order")).findFirst().get();
    assertThat(load.getParentSpanId()).isEqualTo(serverSpan.getSpanId());
    assertThat(load.getTraceId()).isEqualTo(traceId);
  }

  @Test
  void operatorControlsOnTheServer() throws Exception {
    HttpResponse<String> response = JDK_CLIENT.send(HttpRequest.newBuilder(URI.create(url("/served?q=1&token=hunter2")))
        .header("X-Request-Id", "r1").header("Authorization", "Bearer hunter2").header("Origin", "https://shop.example")
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).isEqualTo("served");
    SpanData served = serverSpanOf("/served");
    assertThat(response.headers().firstValue("traceresponse")).hasValue("00-" + served.getTraceId() + "-"
        + served.getSpanId() + "-" + served.getSpanContext().getTraceFlags().asHex());
    assertThat(response.headers().allValues("Access-Control-Expose-Headers")).contains("traceresponse");
    assertThat(served.getAttributes().get(AttributeKey.stringKey("url.query"))).isEqualTo("q=1&token=REDACTED");
    assertThat(served.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.x-request-id"))).containsExactly("r1");
    assertThat(served.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.authorization"))).containsExactly("REDACTED");
    assertThat(served.getAttributes().get(AttributeKey.stringArrayKey("http.response.header.x-served-by"))).containsExactly("netty");
    assertThat(served.getAttributes().get(AttributeKey.stringArrayKey("http.response.header.set-cookie"))).containsExactly("REDACTED");
    assertThat(served.getAttributes().asMap().values()).noneMatch(v -> String.valueOf(v).contains("hunter2"));

    AgentTesting.reset();
    HttpResponse<String> failed = JDK_CLIENT.send(HttpRequest.newBuilder(URI.create(url("/fail"))).build(),
        HttpResponse.BodyHandlers.ofString());
    SpanData failedSpan = serverSpanOf("/fail");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(failed.headers().firstValue("traceresponse")).hasValue("00-" + failedSpan.getTraceId() + "-"
        + failedSpan.getSpanId() + "-" + failedSpan.getSpanContext().getTraceFlags().asHex());

    AgentTesting.reset();
    HttpResponse<String> health = JDK_CLIENT.send(HttpRequest.newBuilder(URI.create(url("/health"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.body()).isEqualTo("ok");
    assertThat(health.headers().firstValue("traceresponse")).isEmpty();
    JDK_CLIENT.send(HttpRequest.newBuilder(URI.create(url("/orders/1"))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(AgentTesting.spans(2)).extracting(SpanData::getName).containsExactlyInAnyOrder("GET", "load order");
  }

  @Test
  void aFailingHandlerMarksTheServerSpan() throws Exception {
    HttpResponse<String> response = JDK_CLIENT.send(
        HttpRequest.newBuilder(URI.create(url("/fail"))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(500);
    SpanData serverSpan = serverSpanOf("/fail");
    assertThat(serverSpan.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(serverSpan.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(500L);
    assertThat(serverSpan.getEvents()).anySatisfy(event -> assertThat(
        event.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("handler failed"));
  }

  @Test
  void clientToServerIsOneTrace() {
    Span caller = AgentTesting.tracing().tracer.spanBuilder("caller").startSpan();
    String body;
    try (Scope ignored = caller.makeCurrent()) {
      body = CLIENT.get().uri(url("/orders/9")).responseContent().aggregate().asString().block(Duration.ofSeconds(10));
    } finally {
      caller.end();
    }
    assertThat(body).isEqualTo("order 9");
    String traceId = caller.getSpanContext().getTraceId();
    // only this trace: a span of an earlier test (a streamed response the client stopped reading) may end now
    List<SpanData> spans = AgentTesting.waitFor(s -> s.stream().filter(x -> x.getTraceId().equals(traceId)).count() >= 4)
        .stream().filter(x -> x.getTraceId().equals(traceId)).collect(Collectors.toList());
    SpanData client = ofKind(spans, SpanKind.CLIENT).get(0);
    SpanData serverSpan = ofKind(spans, SpanKind.SERVER).get(0);
    assertThat(client.getParentSpanId()).isEqualTo(caller.getSpanContext().getSpanId());
    assertThat(serverSpan.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(serverSpan.getTraceId()).isEqualTo(caller.getSpanContext().getTraceId());
    assertThat(spans).hasSize(4);
  }

  @Test
  void aTimedOutCallEndsItsSpanAsCancelled() {
    Throwable thrown = catchThrowable(() -> CLIENT.get().uri(url("/slow")).responseContent().aggregate().asString()
        .timeout(Duration.ofMillis(200)).block(Duration.ofSeconds(10)));
    assertThat(thrown).hasCauseInstanceOf(TimeoutException.class); // block() wraps checked exceptions
    SpanData client = ofKind(AgentTesting.waitFor(s -> !ofKind(s, SpanKind.CLIENT).isEmpty()), SpanKind.CLIENT).get(0);
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getStatus().getDescription()).isEqualTo("request cancelled");
    assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isNull();
    // the server sees the connection go and ends its span too
    assertThat(ofKind(AgentTesting.waitFor(s -> !ofKind(s, SpanKind.SERVER).isEmpty()), SpanKind.SERVER)).hasSize(1);
  }

  @Test
  void aBodyTheApplicationStopsReadingEndsTheSpanAsCancelled() {
    List<String> firstChunks = CLIENT.get().uri(url("/stream")).responseContent().asString()
        .take(2).collectList().block(Duration.ofSeconds(10));
    assertThat(firstChunks).hasSize(2);
    SpanData client = ofKind(AgentTesting.waitFor(s -> !ofKind(s, SpanKind.CLIENT).isEmpty()), SpanKind.CLIENT).get(0);
    assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(client.getStatus().getDescription()).isEqualTo("request cancelled");
  }

  @Test
  void everyRequestEndsItsSpansAndTheStoresEmpty() {
    int requests = 1_000; // each a real round trip, so fewer than 100,000
    List<String> bodies = Flux.range(0, requests)
        .flatMap(i -> CLIENT.get().uri(url("/orders/" + i)).responseContent().aggregate().asString(), 32)
        .collectList().block(Duration.ofSeconds(30));
    assertThat(bodies).hasSize(requests);
    List<SpanData> spans = AgentTesting.waitFor(s -> s.size() >= requests * 3);
    assertThat(ofKind(spans, SpanKind.CLIENT)).hasSize(requests);
    assertThat(ofKind(spans, SpanKind.SERVER)).hasSize(requests);
    assertThat(ClientExchange.BY_HANDLER.isEmpty()).isTrue();
    assertThat(ClientExchange.BY_OPERATIONS.isEmpty()).isTrue();
    assertThat(ServerRequests.IN_FLIGHT.isEmpty()).isTrue();
  }
}
