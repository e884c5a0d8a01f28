package dev.tracer.instrumentation.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Spring WebFlux 5.2, below the range (5.3.0 is the oldest tested), on a Reactor Netty that is traced: one "not
 * supported" line, the application answers as without the agent, and the SERVER spans keep their plain names,
 * no route. Run by the execution {@code below} only.
 */
class WebFluxBelowRangeTest {
  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(WebFluxRouteTest.App.class);
    ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.applicationContext(context).build());
    WebFluxRouteTest.server = HttpServer.create().host("127.0.0.1").port(0).handle(adapter).bindNow();
    try {
      TestedVersions.assertLoaded(DispatcherHandler.class);
      assertThat(WebFluxRouteTest.get("/orders/42").body()).isEqualTo("order 42");
      assertThat(WebFluxRouteTest.get("/items/pen").body()).isEqualTo("item pen");
      assertThat(WebFluxRouteTest.get("/nowhere").statusCode()).isEqualTo(404);
    } finally {
      WebFluxRouteTest.server.disposeNow();
      context.close();
    }

    List<SpanData> servers = AgentTesting.waitFor(spans -> spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).count() >= 3)
        .stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
    assertThat(servers).extracting(SpanData::getName).containsExactly("GET", "GET", "GET");
    assertThat(servers).allSatisfy(s -> assertThat(s.getAttributes().get(AttributeKey.stringKey("http.route"))).isNull());
    assertThat(AgentConsole.notSupported("spring-webflux")).hasSize(1);
  }
}
