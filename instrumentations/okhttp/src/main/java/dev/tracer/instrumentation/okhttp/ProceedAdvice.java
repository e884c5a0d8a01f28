package dev.tracer.instrumentation.okhttp;

import dev.tracer.bootstrap.HttpClientEvent;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import okhttp3.Interceptor;
import okhttp3.Request;

/** The first link of the interceptor chain sends a copy of the request with the propagation headers. */
public final class ProceedAdvice {
  private ProceedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Interceptor.Chain chain, @Advice.FieldValue("index") int index,
      @Advice.Argument(value = 0, readOnly = false) Request request) {
    if (index != 0) {
      return;
    }
    HttpClientEvent event = HttpClientEvent.IN_FLIGHT.get(chain.call());
    if (event == null || event.headersToInject.isEmpty()) {
      return;
    }
    Request.Builder copy = request.newBuilder();
    for (Map.Entry<String, String> header : event.headersToInject.entrySet()) {
      copy.header(header.getKey(), header.getValue());
    }
    request = copy.build();
  }
}
