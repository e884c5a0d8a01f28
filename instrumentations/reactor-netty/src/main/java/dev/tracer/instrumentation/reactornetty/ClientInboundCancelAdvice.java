package dev.tracer.instrumentation.reactornetty;

import net.bytebuddy.asm.Advice;

/** The application stopped reading the response body (cancelled, timed out): the request's span ends. */
public final class ClientInboundCancelAdvice {
  private ClientInboundCancelAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object operations) {
    ClientExchange.inboundCancelled(operations);
  }
}
