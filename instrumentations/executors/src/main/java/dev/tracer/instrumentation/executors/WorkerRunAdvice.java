package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.ContextCarrier;
import net.bytebuddy.asm.Advice;

/** {@code ThreadPoolExecutor.Worker.run()}: a new worker runs its first task without asking {@code getTask()}. */
public final class WorkerRunAdvice {
  private WorkerRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("firstTask") Object firstTask) {
    ContextCarrier.resumeWorkerTask(firstTask);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    ContextCarrier.endWorkerTask();
  }
}
