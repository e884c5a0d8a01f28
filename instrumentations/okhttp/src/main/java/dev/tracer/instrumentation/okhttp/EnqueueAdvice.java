package dev.tracer.instrumentation.okhttp;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HttpClientEvent;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.Callback;

/**
 * {@code Call.enqueue(callback)}: the span starts here, as a child of the caller, and ends when OkHttp calls
 * back; the application's callback is wrapped in a {@link TracingCallback} that ends the span, then calls it.
 */
public final class EnqueueAdvice {
  private EnqueueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientEvent enter(@Advice.This Call call,
      @Advice.Argument(value = 0, readOnly = false) Callback callback) {
    HttpClientEvent event = OkHttpCalls.start(call);
    if (event != null) {
      Dispatch.detach(event);
      if (callback != null) {
        callback = new TracingCallback(event, callback);
      }
    }
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Call call, @Advice.Enter HttpClientEvent event, @Advice.Thrown Throwable error) {
    if (event != null && error != null) {
      OkHttpCalls.end(call, event, 0, error);
    }
  }
}
