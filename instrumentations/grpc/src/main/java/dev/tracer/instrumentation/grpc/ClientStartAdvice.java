package dev.tracer.instrumentation.grpc;

import dev.tracer.bootstrap.RpcEvent;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import net.bytebuddy.asm.Advice;

/** {@code ClientCallImpl.start(listener, headers)}: the CLIENT span starts and its context goes into the headers. */
public final class ClientStartAdvice {
  private ClientStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static RpcEvent enter(@Advice.This Object call, @Advice.FieldValue("method") MethodDescriptor<?, ?> method,
      @Advice.Argument(1) Metadata headers) {
    return GrpcCalls.clientStarted(call, method, headers);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object call, @Advice.Enter RpcEvent event, @Advice.Thrown Throwable error) {
    if (event != null && error != null) {
      GrpcCalls.clientFailed(call, event, error);
    }
  }
}
