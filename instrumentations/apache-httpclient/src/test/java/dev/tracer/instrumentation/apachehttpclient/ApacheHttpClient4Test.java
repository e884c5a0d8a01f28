package dev.tracer.instrumentation.apachehttpclient;

import java.util.Map;
import dev.tracer.testing.HttpClientContract;
import dev.tracer.testing.TestedVersions;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.Test;

class ApacheHttpClient4Test extends HttpClientContract {
  private static final CloseableHttpClient CLIENT = HttpClients.createDefault();

  @Override
  protected int get(String url, Map<String, String> headers) throws Exception {
    HttpGet get = new HttpGet(url);
    headers.forEach(get::addHeader);
    try (CloseableHttpResponse response = CLIENT.execute(get)) {
      EntityUtils.consume(response.getEntity());
      return response.getStatusLine().getStatusCode();
    }
  }

  @Test
  void responseHandlerVariantIsOneSpan() throws Exception {
    int status = CLIENT.execute(new HttpGet(server.url("/handler")), r -> r.getStatusLine().getStatusCode());
    org.assertj.core.api.Assertions.assertThat(status).isEqualTo(200);
    org.assertj.core.api.Assertions.assertThat(waitForClientSpanName()).isEqualTo("GET");
  }

  static String waitForClientSpanName() {
    return dev.tracer.testing.AgentTesting.spans(1).get(0).getName();
  }

  @Test
  void testedVersion() {
    TestedVersions.assertLoaded(CloseableHttpClient.class, org.apache.hc.client5.http.impl.classic.CloseableHttpClient.class);
  }
}
