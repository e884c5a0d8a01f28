package dev.tracer.instrumentation.spring.scheduling;

import net.bytebuddy.asm.Advice;

/** {@code Task(Runnable)}: a task a {@code SchedulingConfigurer} registers gets its runnable wrapped, once. */
public final class TaskAdvice {
  private TaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable runnable) {
    runnable = ScheduledRuns.wrap(runnable);
  }
}
