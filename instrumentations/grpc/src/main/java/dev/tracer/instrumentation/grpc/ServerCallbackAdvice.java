package dev.tracer.instrumentation.grpc;

import dev.tracer.bootstrap.Dispatch;
import net.bytebuddy.asm.Advice;

/** Around each callback into the application's listener: the call's SERVER span is current. */
public final class ServerCallbackAdvice {
  private ServerCallbackAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Object enter(@Advice.FieldValue("call") Object call) {
    return GrpcCalls.resume(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Object resumed) {
    Dispatch.release(resumed);
  }
}
