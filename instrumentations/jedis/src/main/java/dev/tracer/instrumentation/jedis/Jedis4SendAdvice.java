package dev.tracer.instrumentation.jedis;

import dev.tracer.bootstrap.Dispatch;
import java.net.Socket;
import net.bytebuddy.asm.Advice;

/**
 * Jedis 4/5 {@code Connection.sendCommand(CommandArguments)} (the first argument is the command itself): the
 * command is written on exit, so the event starts there and waits for its reply ({@link ReplyAdvice}). Parameters
 * are typed with JDK types only: the agent's class loader, which reads this advice, cannot see Jedis.
 */
public final class Jedis4SendAdvice {
  private Jedis4SendAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object connection, @Advice.Argument(0) Object arguments,
      @Advice.FieldValue("socket") Socket socket, @Advice.Thrown Throwable error) {
    if (Dispatch.active()) {
      JedisCommands.sent(connection, arguments, socket, error);
    }
  }
}
