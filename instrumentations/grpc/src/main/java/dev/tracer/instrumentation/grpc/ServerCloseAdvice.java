package dev.tracer.instrumentation.grpc;

import io.grpc.Status;
import net.bytebuddy.asm.Advice;

/** {@code ServerCallImpl.close(status, trailers)}: the application answered; the status it sends ends the span. */
public final class ServerCloseAdvice {
  private ServerCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object call, @Advice.Argument(0) Status status) {
    GrpcCalls.closed(call, status);
  }
}
