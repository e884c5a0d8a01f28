package dev.tracer.instrumentation.okhttp;

import dev.tracer.bootstrap.HttpClientEvent;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.Response;

/** {@code Call.execute()}: one CLIENT span around the exchange. */
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientEvent enter(@Advice.This Call call) {
    return OkHttpCalls.start(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Call call, @Advice.Enter HttpClientEvent event,
      @Advice.Return Response response, @Advice.Thrown Throwable error) {
    if (event != null && response != null && error == null) {
      OkHttpCalls.end(call, event, response);
    } else if (event != null) {
      OkHttpCalls.end(call, event, 0, error);
    }
  }
}
