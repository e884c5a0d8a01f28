package dev.tracer.instrumentation.grpc;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.RpcEvent;
import dev.tracer.bootstrap.SpanEvent;
import dev.tracer.bootstrap.WeakStore;
import io.grpc.Status;
import net.bytebuddy.asm.Advice;

/** The stream closed before the application closed the call (cancelled by the client, deadline, broken connection). */
public final class ServerClosedAdvice {
  private ServerClosedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue("call") Object call, @Advice.Argument(0) Status status) {
    SpanEvent pending = WeakStore.PENDING_EVENT.remove(call);
    if (!(pending instanceof RpcEvent) || status == null) {
      return;
    }
    RpcEvent event = (RpcEvent) pending;
    event.statusCode = status.getCode().value();
    if (!status.isOk()) {
      event.failed = true;
      event.statusMessage = status.getDescription() != null ? status.getCode() + ": " + status.getDescription()
          : status.getCode().toString();
    }
    Dispatch.end(event, status.getCause());
  }
}
