package dev.tracer.instrumentation.reactornetty;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HttpServerEvent;
import net.bytebuddy.asm.Advice;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;

/**
 * {@code HttpServerHandle.onStateChange}: a received request starts its SERVER span, current while the handler is
 * applied and its chain subscribed; the exchange's end (DISCONNECTING) ends it.
 */
public final class ServerStateAdvice {
  private ServerStateAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpServerEvent enter(@Advice.Argument(0) Connection connection,
      @Advice.Argument(1) ConnectionObserver.State state) {
    return ServerRequests.stateChanged(connection, state);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter HttpServerEvent started) {
    if (started != null) {
      Dispatch.detach(started);
    }
  }
}
