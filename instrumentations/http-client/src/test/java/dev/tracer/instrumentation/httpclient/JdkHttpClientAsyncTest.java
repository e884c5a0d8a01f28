package dev.tracer.instrumentation.httpclient;

import dev.tracer.testing.HttpClientContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;

class JdkHttpClientAsyncTest extends HttpClientContract {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Override
  protected int get(String url) throws Exception {
    try {
      return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .join().statusCode();
    } catch (CompletionException e) {
      throw (Exception) e.getCause();
    }
  }
}
