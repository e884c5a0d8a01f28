package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.ContextCarrier;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/** A {@code Callable} the executor adapts into a task of its own. */
public final class WrapCallableAdvice {
  private WrapCallableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
    task = ContextCarrier.wrap(task);
  }
}
