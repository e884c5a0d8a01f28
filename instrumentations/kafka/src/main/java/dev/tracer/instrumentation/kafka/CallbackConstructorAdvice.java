package dev.tracer.instrumentation.kafka;

import net.bytebuddy.asm.Advice;

/** The completion callback a send builds takes over that send's event. */
public final class CallbackConstructorAdvice {
  private CallbackConstructorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object callback) {
    KafkaSends.callbackBuilt(callback);
  }
}
