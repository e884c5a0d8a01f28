package dev.tracer.instrumentation.jaxrs;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JAX-RS on Jersey 2.8+ (javax.ws.rs) and 3.x (jakarta.ws.rs): when Jersey invokes the resource method it
 * matched, the request's SERVER span gets the route made of the application path and the matched {@code @Path}
 * templates ({@code /api/orders/{id}}). Only Jersey's own types are named, and they are the same in both
 * namespaces, so one advice serves both.
 */
public final class JaxRsInstrumentation implements InstrumentationModule {
  static final String INVOKER = "org.glassfish.jersey.server.model.ResourceMethodInvoker";

  @Override
  public String name() {
    return "jax-rs";
  }

  @Override
  public List<String> requiredClasses() {
    return Arrays.asList(INVOKER, "org.glassfish.jersey.server.ExtendedUriInfo",
        "org.glassfish.jersey.server.internal.process.RequestProcessingContext");
  }

  @Override
  public List<String> helperClasses() {
    return Collections.singletonList("dev.tracer.instrumentation.jaxrs.JerseyRoute");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(INVOKER);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(named("apply").and(takesArgument(0,
            named("org.glassfish.jersey.server.internal.process.RequestProcessingContext"))), InvokeAdvice.class);
      }
    });
  }
}
