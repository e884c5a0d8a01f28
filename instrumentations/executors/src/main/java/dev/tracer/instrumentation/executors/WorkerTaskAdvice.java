package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.ContextCarrier;
import net.bytebuddy.asm.Advice;

/**
 * {@code ThreadPoolExecutor.getTask()}, called by a worker between tasks: the previous task's context ends
 * before the worker waits, the next task's context starts as it is handed out (before {@code beforeExecute}).
 */
public final class WorkerTaskAdvice {
  private WorkerTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    ContextCarrier.endWorkerTask();
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return Object task) {
    ContextCarrier.resumeWorkerTask(task);
  }
}
