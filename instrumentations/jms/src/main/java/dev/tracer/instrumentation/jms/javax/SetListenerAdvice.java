package dev.tracer.instrumentation.jms.javax;

import javax.jms.MessageConsumer;
import javax.jms.MessageListener;
import net.bytebuddy.asm.Advice;

/** {@code MessageConsumer.setMessageListener}: the consumer gets the listener wrapped in a {@link TracingListener}. */
public final class SetListenerAdvice {
  private SetListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This MessageConsumer consumer,
      @Advice.Argument(value = 0, readOnly = false) MessageListener listener) {
    listener = TracingListener.wrap(listener, JmsMessages.destinationOf(consumer));
  }
}
