package dev.tracer.instrumentation.reactornetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * reactor-netty 0.9, below the range (reactor-netty-http 1.0 is the oldest claimed): one "not supported" line,
 * no spans, and a request from its HttpClient to its HttpServer gets the same answer as without the agent.
 * Run by the execution {@code below} only.
 */
class ReactorNettyBelowRangeTest {
  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(HttpServer.class);

    HttpServer handled = HttpServer.create()
        .handle((request, response) -> response.header("x-traceparent-seen", String.valueOf(request.requestHeaders().get("traceparent")))
            .sendString(Mono.just("hello " + request.uri())));
    // host/port are declared on a generic 1.x superclass (ServerTransport) that 0.9 lacks: called by name
    Object bound = HttpServer.class.getMethod("host", String.class).invoke(handled, "127.0.0.1");
    bound = HttpServer.class.getMethod("port", int.class).invoke(bound, 0);
    DisposableServer server = ((HttpServer) bound).bindNow();
    try {
      String url = "http://127.0.0.1:" + server.port() + "/orders/1";
      String body = HttpClient.create().get().uri(url).responseContent().aggregate().asString()
          .block(Duration.ofSeconds(10));
      assertThat(body).isEqualTo("hello /orders/1");
      String seen = HttpClient.create().get().uri(url).response()
          .map(response -> response.responseHeaders().get("x-traceparent-seen")).block(Duration.ofSeconds(10));
      assertThat(seen).isEqualTo("null"); // no context was written into the request
    } finally {
      server.disposeNow();
    }

    assertThat(AgentConsole.notSupported("reactor-netty")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
