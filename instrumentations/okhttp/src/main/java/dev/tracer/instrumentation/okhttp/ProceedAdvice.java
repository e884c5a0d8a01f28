package dev.tracer.instrumentation.okhttp;

import net.bytebuddy.asm.Advice;
import okhttp3.Interceptor;
import okhttp3.Request;

/** The first link of the interceptor chain sends a copy of the request with the propagation headers. */
public final class ProceedAdvice {
  private ProceedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Interceptor.Chain chain, @Advice.FieldValue("index") int index,
      @Advice.Argument(value = 0, readOnly = false) Request request) {
    if (index == 0) {
      request = OkHttpCalls.withHeaders(chain.call(), request);
    }
  }
}
