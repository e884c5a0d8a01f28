package dev.tracer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static dev.tracer.testing.EchoHttpServer.SECRET;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP client instrumentation must do, against a real server on loopback: one CLIENT span per
 * request, child of the caller's span, propagation headers in the request, status codes, errors, peer.service.
 * A library's test extends it and says how to send a GET with that library.
 */
public abstract class HttpClientContract {
  protected static EchoHttpServer server;

  /**
   * Sends a GET with {@code headers} with the library under test, reads the whole response, returns its status.
   * Lets its exceptions out.
   */
  protected abstract int get(String url, Map<String, String> headers) throws Exception;

  public final int get(String url) throws Exception {
    return get(url, Collections.emptyMap());
  }

  /**
   * The agent's settings for every test JVM that runs this contract (the first install wins), with the server
   * side's operator controls for modules that test a server in the same JVM.
   */
  public static Map<String, String> agentSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("tracer.peer.service.mapping", "127.0.0.1=backend");
    settings.put("tracer.sampler.rules", "/health=0");
    settings.put("tracer.capture.http.client.request.headers", "X-Request-Id,Authorization");
    settings.put("tracer.capture.http.client.response.headers", "X-Served-By,Set-Cookie");
    settings.put("tracer.capture.http.server.request.headers", "X-Request-Id,Authorization");
    settings.put("tracer.capture.http.server.response.headers", "X-Served-By,Set-Cookie");
    settings.put("tracer.http.trace.response", "true");
    return settings;
  }

  @BeforeAll
  static void startServer() throws Exception {
    AgentTesting.install(agentSettings());
    server = EchoHttpServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static List<SpanData> clientSpans(List<SpanData> spans) {
    return spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
  }

  static SpanData waitForClientSpan() {
    List<SpanData> clients = clientSpans(AgentTesting.waitFor(s -> !clientSpans(s).isEmpty()));
    assertThat(clients).hasSize(1);
    return clients.get(0);
  }

  @Test
  void requestIsAChildOfTheCallerAndCarriesItsContext() throws Exception {
    Span parent = AgentTesting.tracing().tracer.spanBuilder("caller").startSpan();
    int status;
    try (Scope ignored = parent.makeCurrent()) {
      status = get(server.url("/orders/7"));
    } finally {
      parent.end();
    }
    assertThat(status).isEqualTo(200);
    List<SpanData> clients = clientSpans(AgentTesting.spans(2));
    assertThat(clients).hasSize(1);
    SpanData client = clients.get(0);
    assertThat(client.getName()).isEqualTo("GET");
    assertThat(client.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(client.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(client.getAttributes().get(AttributeKey.stringKey("http.request.method"))).isEqualTo("GET");
    assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo(server.url("/orders/7"));
    assertThat(client.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
    assertThat(client.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo((long) server.port());
    assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(client.getAttributes().get(AttributeKey.stringKey("peer.service"))).isEqualTo("backend");
    assertThat(server.lastHeader("traceparent"))
        .startsWith("00-" + client.getTraceId() + "-" + client.getSpanId() + "-");
  }

  @Test
  void errorStatusMarksTheSpan() throws Exception {
    int status = statusOf(server.url("/status/503"));
    assertThat(status).isEqualTo(503);
    SpanData client = waitForClientSpan();
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(client.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503L);
    assertThat(client.getParentSpanId()).isEqualTo(io.opentelemetry.api.trace.SpanId.getInvalid());
    assertThat(server.lastHeader("traceparent")).contains(client.getSpanId());
  }

  /** False where the library never shows the request's Authorization to anyone (HttpURLConnection). */
  protected boolean readsAuthorization() {
    return true;
  }

  /** Some libraries throw on an error status (HttpURLConnection): the status is what counts here. */
  protected int statusOf(String url) throws Exception {
    return get(url);
  }

  @Test
  void connectionFailureIsAnErrorAndReachesTheApplication() throws Exception {
    String url = "http://127.0.0.1:" + EchoHttpServer.closedPort() + "/down";
    Throwable thrown = catchThrowable(() -> get(url));
    assertThat(thrown).isNotNull();
    SpanData client = waitForClientSpan();
    assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    List<EventData> events = client.getEvents();
    assertThat(events).extracting(EventData::getName).contains("exception");
    EventData exception = events.stream().filter(e -> e.getName().equals("exception")).findFirst().get();
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(thrown.getClass().getCanonicalName()); // how the SDK names it (a nested class: Outer.Inner)
  }

  @Test
  void queryValuesAreKeptSensitiveOnesRedacted() throws Exception {
    get(server.url("/search?q=shoes&page=2&token=" + SECRET));
    SpanData client = waitForClientSpan();
    assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full")))
        .isEqualTo(server.url("/search?q=shoes&page=2&token=REDACTED"));
  }

  @Test
  void listedHeadersAreCapturedAndSecretsRedacted() throws Exception {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Request-Id", "r1");
    headers.put("Authorization", "Bearer " + SECRET);
    headers.put("X-Not-Listed", "no");
    assertThat(get(server.url("/orders/7"), headers)).isEqualTo(200);
    assertThat(server.lastHeader("Authorization")).isEqualTo("Bearer " + SECRET); // the request itself is untouched
    SpanData client = waitForClientSpan();
    assertThat(client.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.x-request-id"))).containsExactly("r1");
    assertThat(client.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.authorization")))
        .isEqualTo(readsAuthorization() ? Collections.singletonList("REDACTED") : null);
    assertThat(client.getAttributes().get(AttributeKey.stringArrayKey("http.request.header.x-not-listed"))).isNull();
    assertThat(client.getAttributes().get(AttributeKey.stringArrayKey("http.response.header.x-served-by"))).containsExactly("echo");
    assertThat(client.getAttributes().get(AttributeKey.stringArrayKey("http.response.header.set-cookie"))).containsExactly("REDACTED");
    assertNoSecretIn(AgentTesting.spans(1));
  }

  /** Hostile URLs: user-info, signed S3 and GCS URLs, a password parameter. The call may fail; nothing leaks. */
  @Test
  void hostileUrlsNeverLeakIntoAnyAttribute() throws Exception {
    String base = server.url("");
    String[] urls = {
        base.replace("http://", "http://alice:" + SECRET + "@") + "/with-user-info?q=1",
        base + "/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + SECRET + "%2F20250101%2Fus-east-1"
            + "&X-Amz-Date=20250101T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Security-Token=" + SECRET
            + "&X-Amz-Signature=" + SECRET,
        base + "/bucket/key?AWSAccessKeyId=" + SECRET + "&Expires=1&Signature=" + SECRET,
        base + "/gcs/object?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=" + SECRET,
        base + "/login?user=bob&password=" + SECRET + "&api_key=" + SECRET,
    };
    for (String url : urls) {
      catchThrowable(() -> get(url));
    }
    List<SpanData> spans = AgentTesting.waitFor(s -> clientSpans(s).size() >= urls.length);
    assertThat(clientSpans(spans)).hasSize(urls.length);
    assertNoSecretIn(spans);
  }

  static void assertNoSecretIn(List<SpanData> spans) {
    for (SpanData span : spans) {
      assertThat(span.getAttributes().asMap().values()).as(span.getName() + " " + span.getAttributes())
          .noneMatch(value -> String.valueOf(value).contains(SECRET));
      for (EventData event : span.getEvents()) {
        assertThat(event.getAttributes().asMap().values()).noneMatch(value -> String.valueOf(value).contains(SECRET));
      }
    }
  }

  /** A request excluded by TRACER_SAMPLER_RULES (ratio 0): its calls make no span and tell the peer not sampled. */
  @Test
  void callOfAnExcludedRequestIsNotTracedAndNotSampledDownstream() throws Exception {
    Span excluded = AgentTesting.tracing().tracer.spanBuilder("GET").setSpanKind(SpanKind.SERVER)
        .setAttribute("url.path", "/health").startSpan();
    try (Scope ignored = excluded.makeCurrent()) {
      assertThat(get(server.url("/downstream"))).isEqualTo(200);
    } finally {
      excluded.end();
    }
    String traceparent = server.lastHeader("traceparent");
    assertThat(traceparent).startsWith("00-" + excluded.getSpanContext().getTraceId() + "-");
    assertThat(Integer.parseInt(traceparent.substring(53), 16) & 1).as(traceparent + ": sampled flag").isZero();
    get(server.url("/after"));
    List<SpanData> clients = clientSpans(AgentTesting.waitFor(s -> !clientSpans(s).isEmpty()));
    AgentTesting.flush();
    assertThat(clientSpans(AgentTesting.spans(1))).hasSize(1);
    assertThat(clients.get(0).getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo(server.url("/after"));
  }
}
