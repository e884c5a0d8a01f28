package dev.tracer.instrumentation.httpclient;

import dev.tracer.testing.HttpClientContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

class JdkHttpClientTest extends HttpClientContract {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Override
  protected int get(String url) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("X-Kept", "yes").build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
