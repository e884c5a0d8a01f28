package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.ContextCarrier;
import net.bytebuddy.asm.Advice;

/** An executor that starts a thread per task: nothing keeps the task, so it is always wrapped. */
public final class WrapAnyRunnableAdvice {
  private WrapAnyRunnableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = ContextCarrier.wrap(task);
  }
}
