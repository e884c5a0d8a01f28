package dev.tracer.instrumentation.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Real Spring WebFlux (annotated controller and RouterFunction) on Reactor Netty, as Boot would wire it. */
class WebFluxRouteTest {
  static AnnotationConfigApplicationContext context;
  static DisposableServer server;
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RestController
  static class Orders {
    @GetMapping("/orders/{id}")
    Mono<String> order(@PathVariable("id") String id) {
      return Mono.fromCallable(() -> {
        AgentTesting.tracing().tracer.spanBuilder("load order").startSpan().end();
        return "order " + id;
      }).subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/broken/{id}")
    Mono<String> broken(@PathVariable("id") String id) {
      return Mono.error(new IllegalStateException("broken " + id));
    }
  }

  @Configuration
  @EnableWebFlux
  static class App {
    @Bean
    Orders orders() {
      return new Orders();
    }

    @Bean
    RouterFunction<ServerResponse> items() {
      return RouterFunctions.route(org.springframework.web.reactive.function.server.RequestPredicates.GET("/items/{name}"),
          request -> ServerResponse.ok().bodyValue("item " + request.pathVariable("name")));
    }
  }

  @BeforeAll
  static void start() {
    AgentTesting.install();
    context = new AnnotationConfigApplicationContext(App.class);
    ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(WebHttpHandlerBuilder.applicationContext(context).build());
    server = HttpServer.create().host("127.0.0.1").port(0).handle(adapter).bindNow();
  }

  @AfterAll
  static void stop() {
    server.disposeNow();
    context.close();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static SpanData serverSpan() {
    List<SpanData> servers = AgentTesting.waitFor(s -> s.stream().anyMatch(x -> x.getKind() == SpanKind.SERVER))
        .stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
    assertThat(servers).hasSize(1);
    return servers.get(0);
  }

  @Test
  void anAnnotatedControllersMappingNamesTheSpan() throws Exception {
    assertThat(get("/orders/42").body()).isEqualTo("order 42");
    SpanData span = serverSpan();
    assertThat(span.getName()).isEqualTo("GET /orders/{id}");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/orders/{id}");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/orders/42");
    SpanData load = AgentTesting.spans(2).stream().filter(s -> s.getName().equals("load order")).findFirst().get();
    assertThat(load.getParentSpanId()).isEqualTo(span.getSpanId());
  }

  @Test
  void aRouterFunctionsPatternNamesTheSpan() throws Exception {
    assertThat(get("/items/pen").body()).isEqualTo("item pen");
    SpanData span = serverSpan();
    assertThat(span.getName()).isEqualTo("GET /items/{name}");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/items/{name}");
  }

  @Test
  void anUnmatchedRequestKeepsThePlainName() throws Exception {
    assertThat(get("/nowhere").statusCode()).isEqualTo(404);
    SpanData span = serverSpan();
    assertThat(span.getName()).isEqualTo("GET");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isNull();
    assertThat(span.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(404L);
  }

  @Test
  void aFailingHandlerIsA500WithItsRoute() throws Exception {
    assertThat(get("/broken/1").statusCode()).isEqualTo(500);
    SpanData span = serverSpan();
    assertThat(span.getName()).isEqualTo("GET /broken/{id}");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void testedVersion() {
    TestedVersions.assertLoaded(DispatcherHandler.class);
  }
}
