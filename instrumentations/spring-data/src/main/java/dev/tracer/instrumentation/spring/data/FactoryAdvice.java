package dev.tracer.instrumentation.spring.data;

import net.bytebuddy.asm.Advice;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;

/** A new repository factory traces the repositories it makes. */
public final class FactoryAdvice {
  private FactoryAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This RepositoryFactorySupport factory) {
    factory.addRepositoryProxyPostProcessor(new RepositoryTracing());
  }
}
