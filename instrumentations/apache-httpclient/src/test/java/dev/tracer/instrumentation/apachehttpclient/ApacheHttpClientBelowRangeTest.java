package dev.tracer.instrumentation.apachehttpclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.EchoHttpServer;
import dev.tracer.testing.TestedVersions;
import org.apache.http.HttpResponse;
import org.apache.http.client.HttpClient;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.DefaultHttpClient;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;

/**
 * Apache HttpClient 4.2, below the range (4.3 brought {@code CloseableHttpClient}, whose {@code doExecute} is
 * traced): one "not supported" line, no spans, and the application's requests work as without the agent. Run by
 * the execution {@code below} only.
 */
class ApacheHttpClientBelowRangeTest {
  @Test
  @SuppressWarnings("deprecation")
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(HttpClient.class);

    try (EchoHttpServer server = EchoHttpServer.start()) {
      HttpClient client = new DefaultHttpClient(); // 4.2's client; typed as the interface, whose execute 4.2 has
      try {
        HttpResponse response = client.execute(new HttpGet(server.url("/orders/7")));
        assertThat(response.getStatusLine().getStatusCode()).isEqualTo(200);
        EntityUtils.consume(response.getEntity());
        HttpResponse missing = client.execute(new HttpGet(server.url("/status/404")));
        EntityUtils.consume(missing.getEntity());
        assertThat(missing.getStatusLine().getStatusCode()).isEqualTo(404);
        assertThat(server.lastHeader("traceparent")).isNull();
      } finally {
        client.getConnectionManager().shutdown();
      }
    }

    assertThat(AgentConsole.notSupported("apache-httpclient")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
