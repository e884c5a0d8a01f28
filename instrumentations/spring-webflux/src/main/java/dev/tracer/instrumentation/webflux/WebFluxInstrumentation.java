package dev.tracer.instrumentation.webflux;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring WebFlux 5.3 to 7: when the {@code DispatcherHandler} hands the request to the handler it found, the
 * pattern that matched (an annotated controller's mapping or a {@code RouterFunction}'s) names the request's
 * SERVER span. That runs inside the request's reactive chain, where its context is current.
 */
public final class WebFluxInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "spring-webflux";
  }

  @Override
  public List<String> requiredClasses() {
    // WebClientRequestException first appears in 5.3.0 (the line on Reactor Netty 1.0), the oldest version tested
    return Arrays.asList("org.springframework.web.reactive.DispatcherHandler", "org.springframework.web.reactive.HandlerMapping",
        "org.springframework.web.reactive.function.client.WebClientRequestException");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named("org.springframework.web.reactive.DispatcherHandler");
      }

      @Override
      public void transform(AdviceTarget target) {
        // invokeHandler up to 5.3, handleRequestWith from 6.0
        target.applyAdvice(namedOneOf("invokeHandler", "handleRequestWith").and(takesArguments(2)), HandlerAdvice.class);
      }
    });
  }
}
