package dev.tracer.instrumentation.grpc;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.Propagation;
import dev.tracer.bootstrap.RpcEvent;
import dev.tracer.bootstrap.SpanKinds;
import dev.tracer.bootstrap.WeakStore;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.HashMap;
import java.util.Map;

/**
 * The life of a call's span, client or server: started when the call starts, kept on the call object (its
 * callbacks run later, on other threads) and ended by the status that closes it. A helper class of the module:
 * its store is per class loader of gRPC.
 */
public final class GrpcCalls {
  /** A started call's event, until its status is known. */
  static final WeakStore<RpcEvent> PENDING = new WeakStore<>();

  private GrpcCalls() {}

  /** A client call starts: its CLIENT span, with the context written into the outgoing headers; null when none. */
  public static RpcEvent clientStarted(Object call, MethodDescriptor<?, ?> method, Metadata headers) {
    RpcEvent event = event(SpanKinds.CLIENT, method);
    Dispatch.start(event);
    if (event.handle == null) {
      return null;
    }
    Dispatch.detach(event);
    PENDING.put(call, event);
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

  /** The client call's {@code start} threw: no status will come. */
  public static void clientFailed(Object call, RpcEvent event, Throwable error) {
    if (PENDING.remove(call) != null) {
      Dispatch.end(event, error);
    }
  }

  /** A server call was created for an incoming request: its SERVER span, a child of the request's context. */
  public static void serverCreated(Object call, MethodDescriptor<?, ?> method, Metadata headers) {
    RpcEvent event = event(SpanKinds.SERVER, method);
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
      PENDING.put(call, event);
    }
  }

  /** Makes the server call's span current around a callback; returns what {@link Dispatch#release} takes. */
  public static Object resume(Object call) {
    return Dispatch.resume(PENDING.get(call));
  }

  /** The call closed with {@code status}: its span ends, an error unless the status is OK. */
  public static void closed(Object call, Status status) {
    if (status == null) {
      return;
    }
    RpcEvent event = PENDING.remove(call);
    if (event == null) {
      return;
    }
    event.attributes = new HashMap<>(2);
    event.attributes.put("rpc.grpc.status_code", (long) status.getCode().value());
    if (!status.isOk()) {
      event.failed = true;
      event.statusMessage = status.getDescription() != null ? status.getCode() + ": " + status.getDescription()
          : status.getCode().toString();
    }
    Dispatch.end(event, status.getCause());
  }

  private static RpcEvent event(String kind, MethodDescriptor<?, ?> method) {
    RpcEvent event = new RpcEvent("grpc");
    event.system = "grpc";
    event.kind = kind;
    event.service = method.getServiceName();
    event.method = method.getBareMethodName();
    event.spanName = method.getFullMethodName(); // package.Service/Method
    return event;
  }
}
