package dev.tracer.instrumentation.quartz;

import dev.tracer.bootstrap.CustomEvent;
import net.bytebuddy.asm.Advice;
import org.quartz.JobExecutionContext;

/** {@code Job.execute(JobExecutionContext)}: one execution of a job is one root span. */
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static CustomEvent enter(@Advice.This Object job, @Advice.Argument(0) JobExecutionContext context) {
    return QuartzJobs.start(job, context);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter CustomEvent event, @Advice.Thrown Throwable error) {
    QuartzJobs.end(event, error);
  }
}
