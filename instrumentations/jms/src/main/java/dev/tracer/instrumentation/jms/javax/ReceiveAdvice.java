package dev.tracer.instrumentation.jms.javax;

import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.ProcessingSpan;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import net.bytebuddy.asm.Advice;

/**
 * {@code MessageConsumer.receive()}, {@code receive(timeout)}, {@code receiveNoWait()}: the message returned is a
 * CONSUMER {@code <destination> receive} span, child of the context it carries, current on this thread while the
 * application handles it: until the thread's next receive or the consumer's close.
 */
public final class ReceiveAdvice {
  private ReceiveAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static boolean enter() {
    boolean outermost = JmsMessages.enterReceive();
    if (outermost) {
      ProcessingSpan.end();
    }
    return outermost;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This MessageConsumer consumer, @Advice.Enter boolean outermost,
      @Advice.Return Message message) {
    if (JmsMessages.exitReceive() && outermost && message != null) {
      ProcessingSpan.begin(JmsMessages.consume(MessagingEvent.RECEIVE, message, JmsMessages.destinationOf(consumer)));
    }
  }
}
