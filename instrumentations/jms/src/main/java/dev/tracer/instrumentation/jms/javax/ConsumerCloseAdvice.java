package dev.tracer.instrumentation.jms.javax;

import dev.tracer.bootstrap.ProcessingSpan;
import net.bytebuddy.asm.Advice;

/** {@code MessageConsumer.close()}: the message this thread received last is done with. */
public final class ConsumerCloseAdvice {
  private ConsumerCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    ProcessingSpan.end();
  }
}
