package dev.tracer.instrumentation.executors;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** An H2 function: called inside a JDBC call, it hands a query to a pool that runs it after that call ended. */
public final class HandOff {
  static final ExecutorService POOL = Executors.newSingleThreadExecutor();
  static volatile CountDownLatch outerEnded;
  static volatile Future<?> handedOff;

  private HandOff() {}

  public static int handOff() {
    CountDownLatch ended = outerEnded;
    handedOff = POOL.submit(() -> {
      ExecutorsTest.await(ended);
      ExecutorsTest.query("HANDED_OFF");
    });
    return 1;
  }
}
