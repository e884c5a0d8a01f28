package dev.tracer.instrumentation.jms.javax;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.ProcessingSpan;
import javax.jms.Message;
import net.bytebuddy.asm.Advice;

/**
 * {@code MessageListener.onMessage} of listener classes a container calls itself (a listener given to
 * {@code setMessageListener}, lambdas too, is wrapped in a {@link TracingListener} instead, whose span covers this): CONSUMER {@code <destination> process}, child of the context the message
 * carries, current while the listener runs; what the listener throws marks it and goes on unchanged. A container
 * that received the message itself (Spring's polling containers) has its receive span ended here.
 */
public final class OnMessageAdvice {
  private OnMessageAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static MessagingEvent enter(@Advice.Argument(0) Message message) {
    if (message == null) {
      return null;
    }
    ProcessingSpan.end();
    MessagingEvent event = JmsMessages.consume(MessagingEvent.PROCESS, message, null);
    Dispatch.start(event);
    return event.handle == null ? null : event; // a listener calling another one: the outer span covers it
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter MessagingEvent event, @Advice.Thrown Throwable error) {
    if (event != null) {
      Dispatch.end(event, error);
    }
  }
}
