package dev.tracer.instrumentation.lettuce;

import net.bytebuddy.asm.Advice;

/**
 * {@code DefaultEndpoint.write(RedisCommand)}: the span starts before the command can reach the network (its reply
 * may complete it on the event loop before this method returns). Parameters are typed with JDK types only: the
 * agent's class loader, which reads this advice, cannot see Lettuce.
 */
public final class WriteAdvice {
  private WriteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Object command, @Advice.FieldValue("channel") Object channel) {
    return LettuceCommands.sent(channel, command);
  }

  /** A write that throws leaves the command to nobody: its span ends here (ending twice is a no-op). */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object event, @Advice.Thrown Throwable error) {
    if (error != null) {
      LettuceCommands.failed(event, error);
    }
  }
}
