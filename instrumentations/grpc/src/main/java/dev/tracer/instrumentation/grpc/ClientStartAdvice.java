package dev.tracer.instrumentation.grpc;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.RpcEvent;
import dev.tracer.bootstrap.SpanKinds;
import dev.tracer.bootstrap.WeakStore;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/** {@code ClientCallImpl.start(listener, headers)}: the CLIENT span starts and its context goes into the headers. */
public final class ClientStartAdvice {
  private ClientStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static RpcEvent enter(@Advice.This Object call, @Advice.FieldValue("method") MethodDescriptor<?, ?> method,
      @Advice.Argument(1) Metadata headers) {
    RpcEvent event = new RpcEvent("grpc");
    event.system = "grpc";
    event.kind = SpanKinds.CLIENT;
    event.service = method.getServiceName();
    event.method = method.getBareMethodName();
    Dispatch.start(event);
    if (event.handle == null) {
      return null;
    }
    Dispatch.detach(event);
    WeakStore.PENDING_EVENT.put(call, event);
    Map<String, String> inject = event.injectHeaders;
    if (inject != null && headers != null) {
      try {
        for (Map.Entry<String, String> header : inject.entrySet()) {
          Metadata.Key<String> key = Metadata.Key.of(header.getKey(), Metadata.ASCII_STRING_MARSHALLER);
          if (!headers.containsKey(key)) {
            headers.put(key, header.getValue());
          }
        }
      } catch (Throwable ignored) {
        // the call goes out without our context
      }
    }
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.This Object call, @Advice.Enter RpcEvent event, @Advice.Thrown Throwable error) {
    if (event != null && error != null && WeakStore.PENDING_EVENT.remove(call) != null) {
      Dispatch.end(event, error);
    }
  }
}
