package dev.tracer.instrumentation.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Consumer;
import net.bytebuddy.asm.Advice;

/** {@code basicConsume}: the channel gets the application's consumer wrapped in a {@link TracingConsumer}. */
public final class ConsumeAdvice {
  private ConsumeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Channel channel, @Advice.Argument(0) String queue,
      @Advice.Argument(value = 6, readOnly = false) Consumer consumer) {
    consumer = TracingConsumer.wrap(consumer, channel, queue);
  }
}
