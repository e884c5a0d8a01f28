package dev.tracer.instrumentation.lettuce;

import dev.tracer.bootstrap.ContextCarrier;
import net.bytebuddy.asm.Advice;

/**
 * The constructor of {@code RedisPublisher.SubscriptionCommand}, run when a subscriber subscribes: the context
 * current at subscription is remembered on the command, and taken off when it is written
 * ({@link LettuceCommands#sent}).
 */
public final class SubscribeAdvice {
  private SubscribeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object command) {
    ContextCarrier.remember(command);
  }
}
