package dev.tracer.instrumentation.okhttp;

import dev.tracer.bootstrap.Completion;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;

/**
 * {@code Call.enqueue(callback)}: the span starts here, as a child of the caller, and ends when OkHttp calls
 * back; the application's callback is wrapped in a proxy that ends the span, then calls it.
 */
public final class EnqueueAdvice {
  private EnqueueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientEvent enter(@Advice.This Call call,
      @Advice.Argument(value = 0, readOnly = false) Callback callback) {
    Request request = call.request();
    HttpClientEvent event = new HttpClientEvent("okhttp");
    event.method = request.method();
    event.url = request.url().toString();
    String[] capture = HeaderCapture.clientRequest();
    for (int i = 0; i < capture.length; i++) {
      event.requestHeaders = HeaderCapture.add(event.requestHeaders, capture[i], request.headers(capture[i]));
    }
    Dispatch.start(event);
    Dispatch.detach(event);
    HttpClientEvent.IN_FLIGHT.put(call, event);
    if (event.handle != null && callback != null) {
      callback = (Callback) Completion.proxy(Callback.class, event, callback);
    }
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter HttpClientEvent event, @Advice.Thrown Throwable error) {
    if (event != null && error != null) {
      Dispatch.end(event, error);
    }
  }
}
