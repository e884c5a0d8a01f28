package dev.tracer.instrumentation.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.ProcessingSpan;
import net.bytebuddy.asm.Advice;

/**
 * {@code basicGet}: the message taken is a CONSUMER {@code <queue> receive} span, child of the context it carries,
 * current on this thread while the application handles it: until its next {@code basicGet} or the channel's close.
 */
public final class GetAdvice {
  private GetAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    ProcessingSpan.end();
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Channel channel, @Advice.Argument(0) String queue,
      @Advice.Return GetResponse response) {
    if (response != null) {
      ProcessingSpan.begin(RabbitMessages.consume(channel, MessagingEvent.RECEIVE, queue, response.getEnvelope(),
          response.getProps()));
    }
  }
}
