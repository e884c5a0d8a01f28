package dev.tracer.instrumentation.aws;

import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.asm.Advice;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * {@code SdkDefaultClientBuilder.resolveExecutionInterceptors(...)}: appends the tracing interceptor, last, so
 * that it sees the request as the service's own interceptors left it.
 */
public final class InterceptorsAdvice {
  private InterceptorsAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) List<ExecutionInterceptor> interceptors) {
    for (ExecutionInterceptor interceptor : interceptors) {
      if (interceptor instanceof TracingInterceptor) {
        return;
      }
    }
    List<ExecutionInterceptor> all = new ArrayList<>(interceptors);
    all.add(new TracingInterceptor());
    interceptors = all;
  }
}
