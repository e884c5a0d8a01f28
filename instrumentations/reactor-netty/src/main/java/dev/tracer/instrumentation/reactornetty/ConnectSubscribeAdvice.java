package dev.tracer.instrumentation.reactornetty;

import net.bytebuddy.asm.Advice;
import reactor.core.CoreSubscriber;

/** {@code MonoHttpConnect.subscribe(actual)}: one request; its subscriber is watched for failure and cancellation. */
public final class ConnectSubscribeAdvice {
  private ConnectSubscribeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void enter(@Advice.Argument(value = 0, readOnly = false) CoreSubscriber actual) {
    actual = ClientExchange.subscribing(actual);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    ClientExchange.subscribed();
  }
}
