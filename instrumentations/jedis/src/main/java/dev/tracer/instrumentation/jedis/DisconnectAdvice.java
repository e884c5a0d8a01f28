package dev.tracer.instrumentation.jedis;

import net.bytebuddy.asm.Advice;

/** {@code Connection.disconnect()}: commands that will never see a reply end now. */
public final class DisconnectAdvice {
  private DisconnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object connection) {
    PendingCalls.closed(connection);
  }
}
