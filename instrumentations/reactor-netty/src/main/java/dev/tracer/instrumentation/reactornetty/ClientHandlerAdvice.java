package dev.tracer.instrumentation.reactornetty;

import io.netty.handler.codec.http.HttpMethod;
import net.bytebuddy.asm.Advice;

/** The handler of the request being subscribed (created inside {@code subscribe}, once per subscription). */
public final class ClientHandlerAdvice {
  private ClientHandlerAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object handler, @Advice.FieldValue("method") HttpMethod method,
      @Advice.FieldValue("toURI") Object uri) {
    ClientExchange.bind(handler, method, uri);
  }
}
