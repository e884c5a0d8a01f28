package dev.tracer.instrumentation.reactornetty;

import net.bytebuddy.asm.Advice;

/** The handler's chain failed: the exception goes on the request's span (Reactor Netty answers 500). */
public final class ServerErrorAdvice {
  private ServerErrorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object operations, @Advice.Argument(0) Throwable error) {
    ServerRequests.failed(operations, error);
  }
}
