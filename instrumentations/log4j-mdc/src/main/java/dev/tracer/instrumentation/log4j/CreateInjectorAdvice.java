package dev.tracer.instrumentation.log4j;

import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.core.ContextDataInjector;

/** {@code ContextDataInjectorFactory.createInjector()}: the injector Log4j chose, wrapped to add the trace ids. */
public final class CreateInjectorAdvice {
  private CreateInjectorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) ContextDataInjector injector) {
    injector = TraceContextDataInjector.wrap(injector);
  }
}
