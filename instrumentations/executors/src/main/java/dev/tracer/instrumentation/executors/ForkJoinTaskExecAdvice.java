package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.ContextCarrier;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.doExec()}: every pool (and inline) execution of a fork/join task goes through it. */
public final class ForkJoinTaskExecAdvice {
  private ForkJoinTaskExecAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.This Object task) {
    return ContextCarrier.resume(task);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object token) {
    ContextCarrier.end(token);
  }
}
