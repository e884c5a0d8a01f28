package dev.tracer.instrumentation.opentelemetryapi;

import io.opentelemetry.context.ContextStorage;
import net.bytebuddy.asm.Advice;

/** {@code LazyStorage.get()}, what {@code ContextStorage.get()} returns: the agent's current context, for every context read and write of the application. */
public final class ContextStorageAdvice {
  private ContextStorageAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  public static boolean enter() {
    return Bridge.ACTIVE; // the API's own storage is never set up
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Enter boolean bridged, @Advice.Return(readOnly = false) ContextStorage storage) {
    if (bridged) {
      storage = BridgedContextStorage.INSTANCE;
    }
  }
}
