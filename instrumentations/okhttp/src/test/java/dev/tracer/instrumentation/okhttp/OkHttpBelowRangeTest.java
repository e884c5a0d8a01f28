package dev.tracer.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.EchoHttpServer;
import dev.tracer.testing.TestedVersions;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * OkHttp 3.13, below the range (3.14.0 rewrote the call's internals around {@code Exchange}): one "not
 * supported" line, no spans, and the application's calls, executed and enqueued, work as without the agent.
 * Run by the execution {@code below} only.
 */
class OkHttpBelowRangeTest {
  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(OkHttpClient.class);

    OkHttpClient client = new OkHttpClient();
    try (EchoHttpServer server = EchoHttpServer.start()) {
      try (Response response = client.newCall(new Request.Builder().url(server.url("/orders/7")).build()).execute()) {
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.body().string()).isEqualTo("status 200");
      }
      assertThat(server.lastHeader("traceparent")).isNull();

      CompletableFuture<Integer> status = new CompletableFuture<>();
      client.newCall(new Request.Builder().url(server.url("/status/404")).build()).enqueue(new Callback() {
        @Override
        public void onFailure(Call call, IOException e) {
          status.completeExceptionally(e);
        }

        @Override
        public void onResponse(Call call, Response response) {
          try (Response r = response) {
            status.complete(r.code());
          }
        }
      });
      assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(404);
    } finally {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }

    assertThat(AgentConsole.notSupported("okhttp")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
