package dev.tracer.instrumentation.executors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.bootstrap.ContextCarrier;
import dev.tracer.bootstrap.WeakStore;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.Waiting;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Field;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 100,000 tasks handed to real pools under a span (execute, submit, ForkJoinPool, fork): the context remembered
 * beside each waiting task is taken off when it starts, so the store is empty again once they have all run.
 */
class ExecutorsStateTest {
  static final int TASKS = 100_000;

  @Test
  void everyRememberedContextIsTakenOffAgain() throws Exception {
    AgentTesting.install();
    WeakStore<?> pending = pendingStore();
    AtomicInteger ran = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ForkJoinPool forkJoin = new ForkJoinPool(2);
    Span parent = AgentTesting.tracing().tracer.spanBuilder("load").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      Future<?> last = null;
      for (int i = 0; i < TASKS / 4; i++) {
        pool.execute(ran::incrementAndGet);
        last = pool.submit(ran::incrementAndGet);
        forkJoin.execute(ran::incrementAndGet);
        forkJoin.submit(new RecursiveAction() {
          @Override
          protected void compute() {
            ForkJoinTask.adapt(ran::incrementAndGet).fork().join();
          }
        });
      }
      last.get(60, TimeUnit.SECONDS);
      assertThat(forkJoin.awaitQuiescence(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      parent.end();
      pool.shutdown();
      forkJoin.shutdown();
    }
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(forkJoin.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ran.get()).isEqualTo(TASKS);
    assertThat(Waiting.until(() -> pending.size() == 0, 10))
        .as("contexts still parked beside tasks: %s", pending.size()).isTrue();
  }

  /** ContextCarrier's store lives in bootstrap, private to it. */
  static WeakStore<?> pendingStore() throws ReflectiveOperationException {
    Field field = ContextCarrier.class.getDeclaredField("PENDING");
    field.setAccessible(true);
    return (WeakStore<?>) field.get(null);
  }
}
