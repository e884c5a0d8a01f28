package dev.tracer.instrumentation.apachehttpclient;

import dev.tracer.testing.HttpClientContract;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

class ApacheHttpClient5Test extends HttpClientContract {
  private static final CloseableHttpClient CLIENT = HttpClients.createDefault();

  @SuppressWarnings("deprecation")
  @Override
  protected int get(String url) throws Exception {
    try (CloseableHttpResponse response = CLIENT.execute(new HttpGet(url))) {
      EntityUtils.consume(response.getEntity());
      return response.getCode();
    }
  }
}
