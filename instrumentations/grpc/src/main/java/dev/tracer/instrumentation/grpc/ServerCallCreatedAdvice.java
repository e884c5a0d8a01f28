package dev.tracer.instrumentation.grpc;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.Propagation;
import dev.tracer.bootstrap.RpcEvent;
import dev.tracer.bootstrap.SpanKinds;
import dev.tracer.bootstrap.WeakStore;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.HashMap;
import net.bytebuddy.asm.Advice;

/** A server call was created for an incoming request: the SERVER span starts, a child of the request's context. */
public final class ServerCallCreatedAdvice {
  private ServerCallCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This Object call, @Advice.Argument(1) MethodDescriptor<?, ?> method,
      @Advice.Argument(2) Metadata headers) {
    RpcEvent event = new RpcEvent("grpc");
    event.system = "grpc";
    event.kind = SpanKinds.SERVER;
    event.service = method.getServiceName();
    event.method = method.getBareMethodName();
    if (headers != null) {
      for (String name : Propagation.fields()) {
        String value = headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
        if (value != null) {
          if (event.headers == null) {
            event.headers = new HashMap<>();
          }
          event.headers.put(name, value);
        }
      }
    }
    Dispatch.start(event);
    if (event.handle != null) {
      // the application's callbacks run later, each on some executor thread: they resume it there
      Dispatch.detach(event);
      WeakStore.PENDING_EVENT.put(call, event);
    }
  }
}
