package dev.tracer.instrumentation.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Jersey 2.7, below the range (2.8 brought RequestProcessingContext, which the advice reads): one "not
 * supported" line, the servlet's SERVER span still made but not named by JAX-RS, and the answers as without
 * the agent. Run by the execution {@code below} only.
 */
class JaxRsBelowRangeTest {
  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    JerseyContract.start(); // the contract's application, on this Jersey
    try {
      int port = JerseyContract.port;
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> one = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shop/api/orders/42")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(one.statusCode()).isEqualTo(200);
      assertThat(one.body()).isEqualTo("order 42");
      HttpResponse<String> all = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shop/api/orders")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(all.body()).isEqualTo("all");
      HttpResponse<String> none = client.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/shop/api/nothing")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(none.statusCode()).isEqualTo(404);

      List<SpanData> spans = AgentTesting.spans(3);
      assertThat(spans).hasSize(3).allMatch(s -> s.getKind() == SpanKind.SERVER);
      assertThat(spans).as("the servlet's spans, not named after a @Path template")
          .noneMatch(s -> s.getName().contains("{") || s.getName().endsWith("/orders"))
          .noneMatch(s -> String.valueOf(s.getAttributes().get(AttributeKey.stringKey("http.route"))).contains("orders"));
    } finally {
      JerseyContract.stop();
    }
    assertThat(AgentConsole.notSupported("jax-rs")).hasSize(1);
  }
}
