package dev.tracer.instrumentation.httpclient;

import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.HttpClientContract;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.InputStream;
import java.io.OutputStream;
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
}
