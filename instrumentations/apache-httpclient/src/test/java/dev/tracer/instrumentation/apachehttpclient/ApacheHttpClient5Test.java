package dev.tracer.instrumentation.apachehttpclient;

import java.util.Map;
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
  protected int get(String url, Map<String, String> headers) throws Exception {
    HttpGet get = new HttpGet(url);
    headers.forEach(get::addHeader);
    try (CloseableHttpResponse response = CLIENT.execute(get)) {
      EntityUtils.consume(response.getEntity());
      return response.getCode();
    }
  }
}
