package dev.tracer.instrumentation.jms.javax;

import dev.tracer.bootstrap.MessagingEvent;
import javax.jms.Destination;
import javax.jms.Message;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code JMSProducer.send(destination, message or body)}: PRODUCER {@code <destination> publish}. A body is made into
 * a message by the provider, which then sends it through its own producer: that nested send writes the context.
 */
public final class JmsProducerSendAdvice {
  private JmsProducerSendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static MessagingEvent enter(@Advice.Argument(0) Destination destination,
      @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) Object body) {
    return JmsMessages.startSend(destination, body instanceof Message ? (Message) body : null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter MessagingEvent event, @Advice.Thrown Throwable error) {
    JmsMessages.endSend(event, error);
  }
}
