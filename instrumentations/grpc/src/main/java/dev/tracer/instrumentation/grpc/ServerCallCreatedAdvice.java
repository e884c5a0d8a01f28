package dev.tracer.instrumentation.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import net.bytebuddy.asm.Advice;

/** A server call was created for an incoming request: the SERVER span starts, a child of the request's context. */
public final class ServerCallCreatedAdvice {
  private ServerCallCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object call, @Advice.Argument(1) MethodDescriptor<?, ?> method,
      @Advice.Argument(2) Metadata headers) {
    GrpcCalls.serverCreated(call, method, headers);
  }
}
