package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.ContextCarrier;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.asm.Advice;

/**
 * A {@code Runnable} the executor adapts into a task of its own (so wrapping it changes nothing the
 * application can see); a {@code ForkJoinTask} given as a {@code Runnable} keeps its identity.
 */
public final class WrapRunnableAdvice {
  private WrapRunnableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    if (task instanceof ForkJoinTask) {
      ContextCarrier.remember(task);
    } else {
      task = ContextCarrier.wrap(task);
    }
  }
}
