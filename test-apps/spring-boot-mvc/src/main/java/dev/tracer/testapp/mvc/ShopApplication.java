package dev.tracer.testapp.mvc;

import static org.springframework.web.servlet.function.RouterFunctions.route;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A small shop: orders in H2 through a Spring Data JPA repository, annotated controllers, one functional
 * endpoint, static pages under {@code /resources/**}. Run as {@code java -jar spring-boot-mvc.jar --server.port=N}.
 */
@SpringBootApplication
public class ShopApplication {
  public static void main(String[] args) {
    SpringApplication.run(ShopApplication.class, args);
  }

  /** A functional endpoint: its route is the router's pattern. */
  @Bean
  RouterFunction<ServerResponse> greetings() {
    return route().GET("/fn/hello/{name}", request -> ServerResponse.ok().body("hello " + request.pathVariable("name")))
        .build();
  }
}
