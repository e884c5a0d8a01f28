package dev.tracer.instrumentation.logback;

import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * {@code LoggingEvent.getMDCPropertyMap()}: the first call after the event was created (on the logging thread:
 * {@code AsyncAppender} prepares the event there) adds the kept ids to the map and stores the result in the
 * event, so every later call, on any thread, returns the same map.
 */
public final class MdcMapAdvice {
  private MdcMapAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object event,
      @Advice.FieldValue(value = "mdcPropertyMap", readOnly = false) Map<String, String> stored,
      @Advice.Return(readOnly = false) Map<String, String> map) {
    Map<String, String> withIds = LoggingEventIds.withIds(event, map);
    if (withIds != null) {
      stored = withIds;
      map = withIds;
    }
  }
}
