package dev.tracer.instrumentation.httpclient;

import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tracer.bootstrap.InFlight;
import dev.tracer.bootstrap.WeakStore;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.EchoHttpServer;
import dev.tracer.testing.HttpClientContract;
import dev.tracer.testing.Waiting;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UrlConnectionTest extends HttpClientContract {
  @Override
  protected int get(String url, Map<String, String> headers) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    headers.forEach(connection::setRequestProperty);
    try (InputStream in = connection.getInputStream()) {
      in.readAllBytes();
    }
    return connection.getResponseCode();
  }

  /** getRequestProperty withholds Authorization (and Proxy-Authorization): it is never captured. */
  @Override
  protected boolean readsAuthorization() {
    return false;
  }

  /** The usual way to read an error status: getResponseCode, which does not throw for it. */
  @Override
  protected int statusOf(String url) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    return connection.getResponseCode();
  }

  @Test
  void postWithBodyIsOneSpanWithoutUserInfo() throws Exception {
    String url = server.url("/orders").replace("http://", "http://alice:secret@");
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.connect();
    try (OutputStream out = connection.getOutputStream()) {
      out.write("{}".getBytes());
    }
    assertThat(connection.getResponseCode()).isEqualTo(200);
    assertThat(connection.getHeaderField("Content-Length")).isNotNull();
    List<SpanData> clients = AgentTesting.spans(1).stream().filter(s -> s.getKind() == SpanKind.CLIENT)
        .collect(Collectors.toList());
    assertThat(clients).hasSize(1);
    assertThat(clients.get(0).getName()).isEqualTo("POST");
    assertThat(clients.get(0).getAttributes().get(AttributeKey.stringKey("url.full"))).isEqualTo(server.url("/orders"));
    assertThat(server.lastHeader("traceparent")).contains(clients.get(0).getSpanId());
  }

  /**
   * 200 requests (each a real round trip, slow on a loaded machine, so far fewer than 100,000) and 2 that fail: a
   * connection's call stays in the store only while the connection object lives, so after GC the store is back to
   * its resting size.
   */
  @Test
  void callsInFlightGoWithTheirConnections() throws Exception {
    Field field = InFlight.class.getDeclaredField("BY_TARGET");
    field.setAccessible(true);
    WeakStore<?> store = (WeakStore<?>) field.get(null);
    System.gc();
    int resting = store.size();
    for (int i = 0; i < 200; i++) {
      assertThat(get(server.url("/n/" + i))).isEqualTo(200);
    }
    String down = "http://127.0.0.1:" + EchoHttpServer.closedPort() + "/down";
    for (int i = 0; i < 2; i++) {
      assertThat(catchThrowable(() -> get(down))).isNotNull();
    }
    assertThat(Waiting.until(() -> {
      System.gc();
      return store.size() <= resting;
    }, 20)).as("calls in the store: %s, at rest %s", store.size(), resting).isTrue();
  }
}
