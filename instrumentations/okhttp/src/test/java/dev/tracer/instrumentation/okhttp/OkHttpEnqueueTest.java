package dev.tracer.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tracer.testing.EchoHttpServer;
import dev.tracer.testing.HttpClientContract;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class OkHttpEnqueueTest extends HttpClientContract {
  @Override
  protected int get(String url, Map<String, String> headers) throws Exception {
    CompletableFuture<Integer> status = new CompletableFuture<>();
    Request.Builder request = new Request.Builder().url(url);
    headers.forEach(request::header);
    OkHttpTest.CLIENT.newCall(request.build()).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        status.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (Response r = response) {
          r.body().string();
          status.complete(r.code());
        }
      }
    });
    try {
      return status.get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /**
   * 100 calls, enqueued and executed, and a failing one: each is a real round trip to the echo server (about 50 ms
   * each on a loaded machine), so far fewer than 100,000; the store is empty after each call anyway.
   */
  @Test
  void noCallStaysInFlight() throws Exception {
    for (int i = 0; i < 50; i++) {
      get(server.url("/n/" + i));
      new OkHttpTest().get(server.url("/m/" + i));
    }
    assertThat(catchThrowable(() -> get("http://127.0.0.1:" + EchoHttpServer.closedPort() + "/down"))).isNotNull();
    // each call's span ended before its outcome reached the application, and left the store
    assertThat(OkHttpCalls.IN_FLIGHT.size()).isZero();
  }
}
