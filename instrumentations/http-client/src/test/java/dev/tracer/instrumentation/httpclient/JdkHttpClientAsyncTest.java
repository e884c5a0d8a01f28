package dev.tracer.instrumentation.httpclient;

import java.util.Map;
import dev.tracer.testing.HttpClientContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;

class JdkHttpClientAsyncTest extends HttpClientContract {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Override
  protected int get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(request::header);
    try {
      return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).join().statusCode();
    } catch (CompletionException e) {
      throw (Exception) e.getCause();
    }
  }
}
