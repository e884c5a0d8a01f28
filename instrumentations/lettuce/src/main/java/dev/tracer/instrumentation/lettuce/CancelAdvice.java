package dev.tracer.instrumentation.lettuce;

import net.bytebuddy.asm.Advice;

/**
 * {@code RedisPublisher.RedisSubscription.cancel()}: the subscriber no longer wants the reply. Lettuce cancels the
 * command inside the subscription's wrapper, so neither a reply nor a write may ever complete the wrapper: its
 * span ends here ({@link LettuceCommands#cancelled}).
 */
public final class CancelAdvice {
  private CancelAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue("subscriptionCommand") Object subscriptionCommand) {
    LettuceCommands.cancelled(subscriptionCommand);
  }
}
