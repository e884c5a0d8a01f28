package dev.tracer.instrumentation.okhttp;

import dev.tracer.testing.HttpClientContract;
import dev.tracer.testing.TestedVersions;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class OkHttpTest extends HttpClientContract {
  static final OkHttpClient CLIENT = new OkHttpClient();

  @Override
  protected int get(String url) throws Exception {
    try (Response response = CLIENT.newCall(new Request.Builder().url(url).build()).execute()) {
      response.body().string();
      return response.code();
    }
  }

  @Test
  void testedVersion() {
    TestedVersions.assertLoaded(OkHttpClient.class);
  }
}
