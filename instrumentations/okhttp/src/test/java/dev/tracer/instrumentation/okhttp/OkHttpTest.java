package dev.tracer.instrumentation.okhttp;

import java.util.Map;
import dev.tracer.testing.HttpClientContract;
import dev.tracer.testing.TestedVersions;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class OkHttpTest extends HttpClientContract {
  static final OkHttpClient CLIENT = new OkHttpClient();

  @Override
  protected int get(String url, Map<String, String> headers) throws Exception {
    Request.Builder request = new Request.Builder().url(url);
    headers.forEach(request::header);
    try (Response response = CLIENT.newCall(request.build()).execute()) {
      response.body().string();
      return response.code();
    }
  }

  @Test
  void testedVersion() {
    TestedVersions.assertLoaded(OkHttpClient.class);
  }
}
