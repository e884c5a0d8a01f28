package dev.tracer.instrumentation.opentelemetryapi;

import net.bytebuddy.asm.Advice;

/**
 * {@code GlobalOpenTelemetry.set(...)} (also what the SDK's {@code buildAndRegisterGlobal()} calls): skipped, with one
 * line; the application's SDK still works where the application uses it directly.
 */
public final class GlobalSetAdvice {
  private GlobalSetAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter() {
    return Bridge.refuseGlobal("GlobalOpenTelemetry.set(...)");
  }
}
