package dev.tracer.instrumentation.kafka;

import dev.tracer.bootstrap.Handoff;
import dev.tracer.bootstrap.SpanEvent;
import dev.tracer.bootstrap.WeakStore;
import net.bytebuddy.asm.Advice;

/** The completion callback a send builds takes over that send's event. */
public final class CallbackConstructorAdvice {
  private CallbackConstructorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object callback) {
    SpanEvent event = Handoff.take();
    if (event != null) {
      WeakStore.PENDING_EVENT.put(callback, event);
    }
  }
}
