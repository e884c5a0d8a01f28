package dev.tracer.instrumentation.lettuce;

import net.bytebuddy.asm.Advice;

/**
 * The constructor of {@code RedisPublisher.SubscriptionCommand}, run when a subscriber subscribes: the context
 * current at subscription is remembered for the command ({@link LettuceCommands#subscribed}), and taken off
 * when it is written.
 */
public final class SubscribeAdvice {
  private SubscribeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object command) {
    LettuceCommands.subscribed(command);
  }
}
