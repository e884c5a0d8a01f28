package dev.tracer.instrumentation.rabbitmq;

import dev.tracer.bootstrap.ProcessingSpan;
import net.bytebuddy.asm.Advice;

/** A channel closed: the message this thread took with {@code basicGet} is done with. */
public final class CloseAdvice {
  private CloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    ProcessingSpan.end();
  }
}
