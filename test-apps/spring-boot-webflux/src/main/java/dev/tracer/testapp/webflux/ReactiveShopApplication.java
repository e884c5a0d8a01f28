package dev.tracer.testapp.webflux;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Front: {@code /front/...} (a controller calling the back). Back: {@code /back/...} (RouterFunctions). */
@SpringBootApplication
public class ReactiveShopApplication {
  public static void main(String[] args) {
    SpringApplication.run(ReactiveShopApplication.class, args);
  }

  @Bean
  WebClient backend(@Value("${shop.backend}") String backend) {
    return WebClient.builder().baseUrl(backend).build(); // on Reactor Netty's HttpClient, found on the class path
  }

  /** The back: the order's stock from Redis and its row count from PostgreSQL, side by side. */
  @Bean
  RouterFunction<ServerResponse> back(ReactiveStringRedisTemplate redis, JdbcTemplate jdbc) {
    return RouterFunctions.route(RequestPredicates.GET("/back/orders/{id}"), request -> {
      String id = request.pathVariable("id");
      Mono<String> stock = redis.opsForValue().get("stock:" + id).defaultIfEmpty("0");
      // blocking JDBC off the event loop, as the Reactor documentation tells
      Mono<Integer> rows = Mono.fromCallable(() -> jdbc.queryForObject("SELECT count(*) FROM pg_class WHERE relname = ?",
          Integer.class, "order_" + id)).subscribeOn(Schedulers.boundedElastic());
      return Mono.zip(stock, rows).flatMap(t -> ServerResponse.ok()
          .bodyValue("order " + id + " stock " + t.getT1() + " rows " + t.getT2()));
    }).andRoute(RequestPredicates.GET("/back/slow"),
        request -> Mono.delay(Duration.ofSeconds(3)).then(ServerResponse.ok().bodyValue("late")));
  }

  @RestController
  static class Front {
    private final WebClient backend;

    Front(WebClient backend) {
      this.backend = backend;
    }

    @GetMapping("/front/orders/{id}")
    Mono<String> order(@PathVariable("id") String id) {
      return backend.get().uri("/back/orders/{id}", id).retrieve().bodyToMono(String.class).map(body -> "front " + body);
    }

    /** The back answers in 3 s; the front gives up after 200 ms. */
    @GetMapping("/front/impatient")
    Mono<String> impatient() {
      return backend.get().uri("/back/slow").retrieve().bodyToMono(String.class)
          .timeout(Duration.ofMillis(200)).onErrorReturn("gave up");
    }

    /** The front's subscriber goes away before the back answers (a zip whose other side fails first). */
    @GetMapping("/front/cancelled")
    Mono<String> cancelled() {
      Mono<String> slow = backend.get().uri("/back/slow").retrieve().bodyToMono(String.class);
      Mono<String> failing = Mono.delay(Duration.ofMillis(100)).then(Mono.error(new IllegalStateException("other side failed")));
      return Mono.zip(slow, failing).map(t -> t.getT1()).onErrorReturn("cancelled");
    }
  }
}
