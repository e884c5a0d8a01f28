package dev.tracer.instrumentation.jms.javax;

import dev.tracer.bootstrap.MessagingEvent;
import javax.jms.Destination;
import javax.jms.Message;
import javax.jms.MessageProducer;
import net.bytebuddy.asm.Advice;

/**
 * {@code MessageProducer.send(...)}, every overload: PRODUCER {@code <destination> publish} (the argument, else the
 * producer's). A send with a {@code CompletionListener} ends its span when the call returns.
 */
public final class ProducerSendAdvice {
  private ProducerSendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static MessagingEvent enter(@Advice.This MessageProducer producer, @Advice.AllArguments Object[] arguments)
      throws Exception {
    Destination destination = null;
    Message message = null;
    for (Object argument : arguments) {
      if (argument instanceof Destination) {
        destination = (Destination) argument;
      } else if (argument instanceof Message) {
        message = (Message) argument;
      }
    }
    if (destination == null) {
      destination = producer.getDestination();
    }
    return JmsMessages.startSend(destination, message);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter MessagingEvent event, @Advice.Thrown Throwable error) {
    JmsMessages.endSend(event, error);
  }
}
