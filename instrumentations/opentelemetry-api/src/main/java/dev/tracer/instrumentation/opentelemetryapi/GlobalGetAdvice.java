package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.api.OpenTelemetry;
import net.bytebuddy.asm.Advice;

/** {@code GlobalOpenTelemetry.get()} (and {@code getOrNoop()}): the agent's, without running the API's own set-up. */
public final class GlobalGetAdvice {
  private GlobalGetAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter() {
    return Bridge.ACTIVE;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter boolean bridged, @Advice.Return(readOnly = false) OpenTelemetry result) {
    if (bridged) {
      result = ApplicationOpenTelemetry.INSTANCE;
    }
  }
}
