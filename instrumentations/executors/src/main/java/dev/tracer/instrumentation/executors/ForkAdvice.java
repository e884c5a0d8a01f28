package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.ContextCarrier;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.fork()}: the forked task may be stolen by another worker. */
public final class ForkAdvice {
  private ForkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object task) {
    ContextCarrier.remember(task);
  }
}
