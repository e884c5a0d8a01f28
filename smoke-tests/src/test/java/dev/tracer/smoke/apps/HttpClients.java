package dev.tracer.smoke.apps;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One GET with each HTTP client library the agent instruments, by name. */
public final class HttpClients {
  public static final List<String> NAMES = Arrays.asList(
      "jdk", "jdk-async", "urlconnection", "apache4", "apache5", "okhttp", "okhttp-async");
  private static final HttpClient JDK = HttpClient.newHttpClient();
  private static final org.apache.http.impl.client.CloseableHttpClient APACHE4 =
      org.apache.http.impl.client.HttpClients.createDefault();
  private static final org.apache.hc.client5.http.impl.classic.CloseableHttpClient APACHE5 =
      org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();
  private static final okhttp3.OkHttpClient OKHTTP = new okhttp3.OkHttpClient();

  private HttpClients() {}

  @SuppressWarnings("deprecation")
  public static String get(String client, String url) throws Exception {
    switch (client) {
      case "jdk":
        return JDK.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
      case "jdk-async":
        return JDK.sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
            .join().body();
      case "urlconnection": {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = connection.getInputStream()) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      case "apache4":
        try (org.apache.http.client.methods.CloseableHttpResponse response =
            APACHE4.execute(new org.apache.http.client.methods.HttpGet(url))) {
          return org.apache.http.util.EntityUtils.toString(response.getEntity());
        }
      case "apache5":
        try (org.apache.hc.client5.http.impl.classic.CloseableHttpResponse response =
            APACHE5.execute(new org.apache.hc.client5.http.classic.methods.HttpGet(url))) {
          return org.apache.hc.core5.http.io.entity.EntityUtils.toString(response.getEntity());
        }
      case "okhttp":
        try (okhttp3.Response response = OKHTTP.newCall(new okhttp3.Request.Builder().url(url).build()).execute()) {
          return response.body().string();
        }
      case "okhttp-async": {
        CompletableFuture<String> body = new CompletableFuture<>();
        OKHTTP.newCall(new okhttp3.Request.Builder().url(url).build()).enqueue(new okhttp3.Callback() {
          @Override
          public void onFailure(okhttp3.Call call, IOException e) {
            body.completeExceptionally(e);
          }

          @Override
          public void onResponse(okhttp3.Call call, okhttp3.Response response) throws IOException {
            try (okhttp3.Response r = response) {
              body.complete(r.body().string());
            }
          }
        });
        return body.get();
      }
      default:
        throw new IllegalArgumentException("unknown client " + client);
    }
  }
}
