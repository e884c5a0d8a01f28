package dev.tracer.instrumentation.logback;

import net.bytebuddy.asm.Advice;

/** {@code new LoggingEvent(fqcn, logger, ...)}: the ids of the span current on the logging thread, kept for the event. */
public final class EventCreatedAdvice {
  private EventCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object event) {
    LoggingEventIds.created(event);
  }
}
