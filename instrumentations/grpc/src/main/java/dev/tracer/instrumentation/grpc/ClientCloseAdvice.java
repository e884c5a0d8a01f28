package dev.tracer.instrumentation.grpc;

import io.grpc.Status;
import net.bytebuddy.asm.Advice;

/** {@code ClientCallImpl.closeObserver(listener, status, trailers)}: the call is over; its status ends the span. */
public final class ClientCloseAdvice {
  private ClientCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object call, @Advice.Argument(1) Status status) {
    GrpcCalls.closed(call, status);
  }
}
