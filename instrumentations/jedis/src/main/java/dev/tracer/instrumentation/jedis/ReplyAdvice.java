package dev.tracer.instrumentation.jedis;

import net.bytebuddy.asm.Advice;

/** {@code Connection.readProtocolWithCheckingBroken()}: one reply read, or an error reply thrown; ends the oldest command. */
public final class ReplyAdvice {
  private ReplyAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object connection, @Advice.Thrown Throwable error) {
    PendingCalls.replied(connection, error);
  }
}
