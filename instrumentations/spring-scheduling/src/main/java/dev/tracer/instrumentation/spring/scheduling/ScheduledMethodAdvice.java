package dev.tracer.instrumentation.spring.scheduling;

import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import net.bytebuddy.asm.Advice;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

/** {@code ScheduledMethodRunnable.run()}: one run of a {@code @Scheduled} method is one root span. */
public final class ScheduledMethodAdvice {
  private ScheduledMethodAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static CustomEvent enter(@Advice.This ScheduledMethodRunnable runnable) {
    return ScheduledRuns.start(runnable.getTarget(), runnable.getMethod());
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter CustomEvent event, @Advice.Thrown Throwable error) {
    Dispatch.end(event, error);
  }
}
