package dev.tracer.instrumentation.jaxrs;

import dev.tracer.bootstrap.ServerRoute;
import net.bytebuddy.asm.Advice;
import org.glassfish.jersey.server.internal.process.RequestProcessingContext;

/** {@code ResourceMethodInvoker.apply}: Jersey has matched a resource method; its route names the request. */
public final class InvokeAdvice {
  private InvokeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) RequestProcessingContext context) {
    ServerRoute.set(JerseyRoute.of(context.request()));
  }
}
