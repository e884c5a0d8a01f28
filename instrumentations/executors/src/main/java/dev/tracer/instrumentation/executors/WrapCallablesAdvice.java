package dev.tracer.instrumentation.executors;

import dev.tracer.bootstrap.ContextCarrier;
import java.util.Collection;
import net.bytebuddy.asm.Advice;

/** {@code invokeAll}/{@code invokeAny} of an executor that adapts each callable itself. */
public final class WrapCallablesAdvice {
  private WrapCallablesAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Collection<?> tasks) {
    tasks = ContextCarrier.wrapAll(tasks);
  }
}
