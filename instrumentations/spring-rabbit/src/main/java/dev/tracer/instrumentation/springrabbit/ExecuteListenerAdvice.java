package dev.tracer.instrumentation.springrabbit;

import com.rabbitmq.client.Channel;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.MessagingEvent;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code executeListener(channel, data)}: the listener runs inside the message's (or batch's) process span; what
 * the container throws for a failed listener marks it and goes on unchanged (redelivery untouched).
 */
public final class ExecuteListenerAdvice {
  private ExecuteListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static MessagingEvent enter(@Advice.Argument(0) Channel channel,
      @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) Object data) {
    MessagingEvent event = SpringRabbitMessages.process(channel, data);
    Dispatch.start(event);
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter MessagingEvent event, @Advice.Thrown Throwable error) {
    if (event != null) {
      Dispatch.end(event, error);
    }
  }
}
