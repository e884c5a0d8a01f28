package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.ContextCarrier;
import net.bytebuddy.asm.Advice;

/** The executor keeps the task object itself: remember the context beside it, by identity. */
public final class RememberTaskAdvice {
  private RememberTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(0) Object task) {
    ContextCarrier.remember(task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) Object task, @Advice.Thrown Throwable rejected) {
    if (rejected != null) {
      ContextCarrier.forget(task);
    }
  }
}
