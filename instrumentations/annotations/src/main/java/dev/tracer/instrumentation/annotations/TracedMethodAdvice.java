package dev.tracer.instrumentation.annotations;

import dev.tracer.bootstrap.CustomEvent;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** A traced method: a span from entry to return (or to the completion of the future it returns). */
public final class TracedMethodAdvice {
  private TracedMethodAdvice() {}

  /** The class and the method's name and descriptor are constants in the code: no reflective look-up per call. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static CustomEvent enter(@Advice.Origin Class<?> type, @Advice.Origin("#m#d") String method,
      @Advice.AllArguments Object[] arguments) {
    return TracedMethods.start(type, method, arguments);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter CustomEvent event, @Advice.Thrown Throwable error,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
    result = TracedMethods.end(event, result, error);
  }
}
