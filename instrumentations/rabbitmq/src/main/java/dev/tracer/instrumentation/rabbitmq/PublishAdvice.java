package dev.tracer.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.MessagingEvent;
import net.bytebuddy.asm.Advice;

/** {@code basicPublish}: PRODUCER {@code <exchange> publish}; the message goes with the span's context in its headers. */
public final class PublishAdvice {
  private PublishAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static MessagingEvent enter(@Advice.This Channel channel, @Advice.Argument(0) String exchange,
      @Advice.Argument(1) String routingKey,
      @Advice.Argument(value = 4, readOnly = false) AMQP.BasicProperties properties) {
    MessagingEvent event = RabbitMessages.publish(channel, exchange, routingKey);
    RabbitMessages.captureHeaders(event, properties);
    Dispatch.start(event);
    if (event.handle == null) {
      return null; // a nested overload: the outer call's span covers it and already wrote the context
    }
    properties = RabbitMessages.withContext(properties, event);
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter MessagingEvent event, @Advice.Thrown Throwable error) {
    if (event != null) {
      Dispatch.end(event, error);
    }
  }
}
