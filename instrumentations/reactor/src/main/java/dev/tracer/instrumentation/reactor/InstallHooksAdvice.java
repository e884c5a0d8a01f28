package dev.tracer.instrumentation.reactor;

import net.bytebuddy.asm.Advice;

/** End of {@code Hooks}' static initializer, and of the methods that reset the hooks: (re-)registers ours. */
public final class InstallHooksAdvice {
  private InstallHooksAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit() {
    ReactorContext.install();
  }
}
