package dev.tracer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Collections;
import java.util.List;
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

  /** Sends a GET with the library under test, reads the whole response, returns its status. Lets its exceptions out. */
  protected abstract int get(String url) throws Exception;

  @BeforeAll
  static void startServer() throws Exception {
    AgentTesting.install(Collections.singletonMap("tracer.peer.service.mapping", "127.0.0.1=backend"));
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
  void queryValuesAreSanitized() throws Exception {
    get(server.url("/search?q=secret&page=2"));
    SpanData client = waitForClientSpan();
    assertThat(client.getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo(server.url("/search?q=?&page=?"));
  }
}
