package dev.tracer.instrumentation.httpclient;

import java.util.Map;
import dev.tracer.testing.HttpClientContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

class JdkHttpClientTest extends HttpClientContract {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Override
  protected int get(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("X-Kept", "yes");
    headers.forEach(request::header);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
