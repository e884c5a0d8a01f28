package dev.tracer.instrumentation.aws;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * {@code SdkDefaultClientBuilder.resolveExecutionInterceptors(...)}: appends the tracing interceptor, last, so
 * that it sees the request as the service's own interceptors left it.
 */
public final class InterceptorsAdvice {
  private InterceptorsAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) List<Object> interceptors) {
    for (Object interceptor : interceptors) {
      if (interceptor instanceof TracingInterceptor) {
        return;
      }
    }
    List<Object> all = new ArrayList<>(interceptors);
    all.add(new TracingInterceptor());
    interceptors = all;
  }
}
