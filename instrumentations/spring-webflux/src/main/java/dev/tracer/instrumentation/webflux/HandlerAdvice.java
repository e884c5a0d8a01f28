package dev.tracer.instrumentation.webflux;

import dev.tracer.bootstrap.ServerRoute;
import net.bytebuddy.asm.Advice;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/** The handler mapping left the matched pattern on the exchange: it is the route, after the context path. */
public final class HandlerAdvice {
  private HandlerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) ServerWebExchange exchange) {
    Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    if (pattern != null) {
      ServerRoute.set(exchange.getRequest().getPath().contextPath().value() + pattern);
    }
  }
}
