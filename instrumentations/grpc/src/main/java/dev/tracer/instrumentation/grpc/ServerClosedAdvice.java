package dev.tracer.instrumentation.grpc;

import io.grpc.Status;
import net.bytebuddy.asm.Advice;

/** The stream closed before the application closed the call (cancelled by the client, deadline, broken connection). */
public final class ServerClosedAdvice {
  private ServerClosedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("call") Object call, @Advice.Argument(0) Status status) {
    GrpcCalls.closed(call, status);
  }
}
