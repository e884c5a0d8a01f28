package dev.tracer.instrumentation.jedis;

import dev.tracer.bootstrap.Dispatch;
import java.net.Socket;
import net.bytebuddy.asm.Advice;

/**
 * Jedis 3 {@code Connection.sendCommand(ProtocolCommand, byte[]...)}: the command is written (and the socket
 * connected) on exit, so the event starts there and waits for its reply ({@link ReplyAdvice}). Parameters are
 * typed with JDK types only: the agent's class loader, which reads this advice, cannot see Jedis.
 */
public final class Jedis3SendAdvice {
  private Jedis3SendAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object connection, @Advice.Argument(0) Object command,
      @Advice.Argument(1) byte[][] arguments, @Advice.FieldValue("socket") Socket socket,
      @Advice.Thrown Throwable error) {
    if (Dispatch.active()) {
      JedisCommands.sent(connection, command, arguments, socket, error);
    }
  }
}
