package dev.tracer.example.extension;

import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the traced method, so it uses only bootstrap types ({@link CustomEvent}, {@link Dispatch}) and
 * constants Byte Buddy fills in; a span named {@code ExampleApp.run} with the {@code code.*} attributes.
 */
public final class MethodAdvice {
  private MethodAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static CustomEvent enter(@Advice.Origin("#t") String type, @Advice.Origin("#m") String method) {
    CustomEvent event = new CustomEvent("example-app", type.substring(type.lastIndexOf('.') + 1) + "." + method);
    event.attribute("code.namespace", type).attribute("code.function", method);
    Dispatch.start(event);
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter CustomEvent event, @Advice.Thrown Throwable error) {
    Dispatch.end(event, error);
  }
}
