package dev.tracer.instrumentation.lettuce;

import java.util.Collection;
import net.bytebuddy.asm.Advice;

/** {@code DefaultEndpoint.write(Collection)}: commands dispatched together, one span each, as {@link WriteAdvice}. */
public final class WriteAllAdvice {
  private WriteAllAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.Argument(0) Collection<?> commands, @Advice.FieldValue("channel") Object channel) {
    return LettuceCommands.sentAll(channel, commands);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object events, @Advice.Thrown Throwable error) {
    if (error != null) {
      LettuceCommands.failed(events, error);
    }
  }
}
