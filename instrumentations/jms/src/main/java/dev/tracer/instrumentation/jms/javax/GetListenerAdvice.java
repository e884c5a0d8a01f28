package dev.tracer.instrumentation.jms.javax;

import javax.jms.MessageListener;
import net.bytebuddy.asm.Advice;

/** {@code MessageConsumer.getMessageListener}: the application's own listener, not our wrapper. */
public final class GetListenerAdvice {
  private GetListenerAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) MessageListener listener) {
    listener = TracingListener.unwrap(listener);
  }
}
