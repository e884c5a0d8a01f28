package dev.tracer.instrumentation.kafka;

import dev.tracer.bootstrap.ProcessingSpan;
import net.bytebuddy.asm.Advice;

/** {@code poll} or {@code close}: the application is done with the record it was handling. */
public final class PollAdvice {
  private PollAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    ProcessingSpan.end();
  }
}
