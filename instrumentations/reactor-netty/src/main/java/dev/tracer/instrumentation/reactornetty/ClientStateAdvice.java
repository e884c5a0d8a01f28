package dev.tracer.instrumentation.reactornetty;

import net.bytebuddy.asm.Advice;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;

/** {@code HttpObserver.onStateChange}: request prepared (start, inject), response received, response complete. */
public final class ClientStateAdvice {
  private ClientStateAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("handler") Object handler, @Advice.Argument(0) Connection connection,
      @Advice.Argument(1) ConnectionObserver.State state) {
    ClientExchange.stateChanged(handler, connection, state);
  }
}
