package dev.tracer.instrumentation.okhttp;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import net.bytebuddy.asm.Advice;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

/** {@code Call.execute()}: one CLIENT span around the exchange. */
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientEvent enter(@Advice.This Call call) {
    Request request = call.request();
    HttpClientEvent event = new HttpClientEvent("okhttp");
    event.method = request.method();
    event.url = request.url().toString();
    String[] capture = HeaderCapture.clientRequest();
    for (int i = 0; i < capture.length; i++) {
      event.requestHeaders = HeaderCapture.add(event.requestHeaders, capture[i], request.headers(capture[i]));
    }
    Dispatch.start(event);
    HttpClientEvent.IN_FLIGHT.put(call, event); // for the chain to add the headers
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter HttpClientEvent event, @Advice.Return Response response,
      @Advice.Thrown Throwable error) {
    if (event == null) {
      return;
    }
    if (response != null) {
      event.statusCode = response.code();
      String[] capture = HeaderCapture.clientResponse();
      for (int i = 0; i < capture.length; i++) {
        event.responseHeaders = HeaderCapture.add(event.responseHeaders, capture[i], response.headers(capture[i]));
      }
    }
    Dispatch.end(event, error);
  }
}
