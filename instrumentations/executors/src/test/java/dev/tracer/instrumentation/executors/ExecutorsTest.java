package dev.tracer.instrumentation.executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.testing.AgentTesting;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real JDK executors, real H2 through JDBC: the JDBC span a task makes on a pool thread must be a child of
 * the span that was current where the task was handed over, and nothing may stay behind on the pool thread.
 */
class ExecutorsTest {
  private static Connection db;

  @BeforeAll
  static void setUp() throws SQLException {
    AgentTesting.install();
    db = DriverManager.getConnection("jdbc:h2:mem:executors");
  }

  @AfterAll
  static void tearDown() throws SQLException {
    db.close();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  @Test
  void threadPoolExecuteFirstTaskAndQueuedTask() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch done = new CountDownLatch(2);
      SpanContext parent = underParent(() -> {
        pool.execute(() -> { query("TPE_FIRST"); done.countDown(); }); // a new worker's first task
        pool.execute(() -> { query("TPE_QUEUED"); done.countDown(); }); // taken from the queue
      });
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertChildOf("TPE_FIRST", parent);
      assertChildOf("TPE_QUEUED", parent);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void threadPoolSubmitInvokeAllInvokeAny() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SpanContext parent = underParent(() -> {
        pool.submit(() -> query("SUBMIT_RUNNABLE")).get();
        pool.submit(() -> { query("SUBMIT_CALLABLE"); return 1; }).get();
        for (Future<Integer> f : pool.invokeAll(Arrays.asList(callable("INVOKE_ALL_1"), callable("INVOKE_ALL_2")))) {
          f.get();
        }
        pool.invokeAny(Arrays.asList(callable("INVOKE_ANY")));
      });
      for (String marker : new String[] {"SUBMIT_RUNNABLE", "SUBMIT_CALLABLE", "INVOKE_ALL_1", "INVOKE_ALL_2", "INVOKE_ANY"}) {
        assertChildOf(marker, parent);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void scheduledExecutor() throws Exception {
    ScheduledExecutorService pool = Executors.newScheduledThreadPool(1);
    try {
      AtomicInteger runs = new AtomicInteger();
      CountDownLatch twice = new CountDownLatch(2);
      AtomicReference<ScheduledFuture<?>> periodic = new AtomicReference<>();
      SpanContext parent = underParent(() -> {
        pool.schedule(() -> query("SCHEDULE_RUNNABLE"), 5, TimeUnit.MILLISECONDS).get();
        pool.schedule(() -> { query("SCHEDULE_CALLABLE"); return 1; }, 5, TimeUnit.MILLISECONDS).get();
        pool.submit(() -> query("SCHEDULED_SUBMIT")).get();
        periodic.set(pool.scheduleAtFixedRate(() -> {
          int run = runs.incrementAndGet();
          if (run <= 2) {
            query("PERIODIC_" + run);
            twice.countDown();
          }
        }, 0, 5, TimeUnit.MILLISECONDS));
      });
      assertThat(twice.await(10, TimeUnit.SECONDS)).isTrue();
      periodic.get().cancel(false);
      for (String marker : new String[] {"SCHEDULE_RUNNABLE", "SCHEDULE_CALLABLE", "SCHEDULED_SUBMIT", "PERIODIC_1", "PERIODIC_2"}) {
        assertChildOf(marker, parent);
      }
      pool.submit(() -> query("SCHEDULED_AFTER")).get();
      assertRoot("SCHEDULED_AFTER");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void forkJoinPool() throws Exception {
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      CountDownLatch executed = new CountDownLatch(1);
      SpanContext parent = underParent(() -> {
        pool.execute(() -> { query("FJP_EXECUTE"); executed.countDown(); });
        pool.submit(() -> { query("FJP_SUBMIT_CALLABLE"); return 1; }).get();
        pool.submit(() -> query("FJP_SUBMIT_RUNNABLE")).get();
        pool.invoke(new Split("FJP_INVOKE", 2)); // forks: leaves may be stolen by the other worker
        for (Future<Integer> f : pool.invokeAll(Arrays.asList(callable("FJP_INVOKE_ALL")))) {
          f.get();
        }
        new Split("FORK_COMMON", 0).fork().join(); // fork() outside a pool goes to the common pool
        ForkJoinPool.commonPool().submit(() -> query("COMMON_POOL")).get();
      });
      assertThat(executed.await(10, TimeUnit.SECONDS)).isTrue();
      for (String marker : new String[] {"FJP_EXECUTE", "FJP_SUBMIT_CALLABLE", "FJP_SUBMIT_RUNNABLE", "FJP_INVOKE_L_L",
          "FJP_INVOKE_L_R", "FJP_INVOKE_R_L", "FJP_INVOKE_R_R", "FJP_INVOKE_ALL", "FORK_COMMON", "COMMON_POOL"}) {
        assertChildOf(marker, parent);
      }
      pool.invoke(new Split("FJP_AFTER", 1));
      assertRoot("FJP_AFTER_L");
      assertRoot("FJP_AFTER_R");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void completableFutureAsyncStages() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      SpanContext parent = underParent(() -> {
        CompletableFuture.supplyAsync(() -> query("CF_SUPPLY")).get();
        CompletableFuture.runAsync(() -> query("CF_RUN")).get();
        CompletableFuture.supplyAsync(() -> 1, pool).thenApplyAsync(v -> query("CF_THEN_APPLY_POOL"), pool).get();
        CompletableFuture.supplyAsync(() -> query("CF_FIRST"))
            .thenApplyAsync(v -> query("CF_THEN_APPLY"))
            .thenAcceptBothAsync(CompletableFuture.supplyAsync(() -> 2), (a, b) -> query("CF_BOTH")).get();
      });
      for (String marker : new String[] {"CF_SUPPLY", "CF_RUN", "CF_THEN_APPLY_POOL", "CF_FIRST", "CF_THEN_APPLY", "CF_BOTH"}) {
        assertChildOf(marker, parent);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void noLeakToTheNextTaskOnTheSamePoolThread() throws Exception {
    ExecutorService single = Executors.newSingleThreadExecutor();
    ForkJoinPool fj = new ForkJoinPool(1);
    try {
      SpanContext parent = underParent(() -> {
        single.submit(() -> query("LEAK_TPE_FIRST")).get();
        fj.submit(() -> query("LEAK_FJP_FIRST")).get();
      });
      assertChildOf("LEAK_TPE_FIRST", parent);
      assertChildOf("LEAK_FJP_FIRST", parent);
      // same threads, no current span at submission: nothing of the first task may be current
      assertThat(single.submit(ExecutorsTest::currentSpanIsValid).get()).isFalse();
      assertThat(fj.submit(ExecutorsTest::currentSpanIsValid).get()).isFalse();
      single.submit(() -> query("LEAK_TPE_NEXT")).get();
      fj.submit(() -> query("LEAK_FJP_NEXT")).get();
      single.execute(() -> query("LEAK_TPE_EXECUTE"));
      assertRoot("LEAK_TPE_NEXT");
      assertRoot("LEAK_FJP_NEXT");
      assertRoot("LEAK_TPE_EXECUTE");
    } finally {
      single.shutdownNow();
      fj.shutdownNow();
    }
  }

  @Test
  void nestedSubmission() throws Exception {
    ExecutorService outer = Executors.newSingleThreadExecutor();
    ExecutorService inner = Executors.newSingleThreadExecutor();
    try {
      SpanContext parent = underParent(() -> outer.submit(() -> {
        inner.submit(() -> query("NESTED")).get();
        return CompletableFuture.supplyAsync(() -> query("NESTED_CF")).get();
      }).get());
      assertChildOf("NESTED", parent);
      assertChildOf("NESTED_CF", parent);
    } finally {
      outer.shutdownNow();
      inner.shutdownNow();
    }
  }

  @Test
  void rejectedTaskStillRejectsAndLeavesNothingBehind() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(1));
    try {
      Future<?> busy = pool.submit(() -> await(release));
      Future<?> queued = pool.submit(() -> { });
      Runnable rejected = () -> query("REJECTED");
      underParent(() -> assertThatThrownBy(() -> pool.execute(rejected)).isInstanceOf(RejectedExecutionException.class));
      release.countDown();
      busy.get();
      queued.get();
      // the same task object, accepted now and handed over without a span: it must not run in the old one
      pool.submit(rejected).get();
      assertRoot("REJECTED");

      pool.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
      CountDownLatch releaseAgain = new CountDownLatch(1);
      CountDownLatch started = new CountDownLatch(1);
      busy = pool.submit(() -> { started.countDown(); await(releaseAgain); });
      await(started); // the worker holds it, so the queue has room for exactly one more
      queued = pool.submit(() -> { });
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      SpanContext parent = underParent(() -> pool.execute(() -> { ranOn.set(Thread.currentThread()); query("CALLER_RUNS"); }));
      releaseAgain.countDown();
      busy.get();
      queued.get();
      assertThat(ranOn.get()).isSameAs(Thread.currentThread());
      assertChildOf("CALLER_RUNS", parent);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void queuedTasksKeepTheirIdentity() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Runnable> seenByAfterExecute = new AtomicReference<>();
    CountDownLatch afterExecuted = new CountDownLatch(1);
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(10)) {
      @Override
      protected void afterExecute(Runnable task, Throwable error) {
        seenByAfterExecute.compareAndSet(null, task);
        afterExecuted.countDown();
      }
    };
    try {
      Future<?> first = pool.submit(() -> await(release));
      Runnable removed = () -> query("REMOVED");
      Runnable drained = () -> query("DRAINED");
      underParent(() -> {
        pool.execute(removed);
        pool.execute(drained);
      });
      assertThat(pool.remove(removed)).isTrue();
      assertThat(pool.getQueue()).containsExactly(drained);
      release.countDown();
      first.get();
      // the future completes before the worker calls afterExecute
      assertThat(afterExecuted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(seenByAfterExecute.get()).isSameAs(first);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void workHandedOverInsideAJdbcCallIsItsChildOnceTheCallEnded() throws Exception {
    try (Statement statement = db.createStatement()) {
      statement.execute("CREATE ALIAS IF NOT EXISTS HAND_OFF FOR \"" + HandOff.class.getName() + ".handOff\"");
    }
    HandOff.outerEnded = new CountDownLatch(1);
    try (Statement statement = db.createStatement()) {
      statement.execute("SELECT HAND_OFF() AS OUTER_CALL");
    }
    HandOff.outerEnded.countDown();
    HandOff.handedOff.get(10, TimeUnit.SECONDS);
    SpanData outer = dbSpan("OUTER_CALL");
    assertChildOf("HANDED_OFF", outer.getSpanContext());
  }

  /** JDK 21+: {@code Executors.newVirtualThreadPerTaskExecutor()} (run this class on JDK 25 to see it). */
  @Test
  void virtualThreadPerTaskExecutor() throws Exception {
    Assumptions.assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
    ExecutorService pool = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    try {
      SpanContext parent = underParent(() -> {
        pool.submit(() -> query("VIRTUAL_SUBMIT")).get();
        CountDownLatch done = new CountDownLatch(1);
        pool.execute(() -> { query("VIRTUAL_EXECUTE"); done.countDown(); });
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        pool.invokeAll(Arrays.asList(callable("VIRTUAL_INVOKE_ALL")));
      });
      for (String marker : new String[] {"VIRTUAL_SUBMIT", "VIRTUAL_EXECUTE", "VIRTUAL_INVOKE_ALL"}) {
        assertChildOf(marker, parent);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void agentThreadsCarryNothing() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // in a helper class, so that this test class does not load a bootstrap class before install()
      AgentThreadProbe.submitFromAgentThread(pool, () -> query("FROM_AGENT_THREAD"));
      assertRoot("FROM_AGENT_THREAD");
    } finally {
      pool.shutdownNow();
    }
  }

  // --- helpers

  interface Work {
    void run() throws Exception;
  }

  /** Runs {@code work} with a new span current; returns that span's context. */
  static SpanContext underParent(Work work) throws Exception {
    Span parent = AgentTesting.tracing().tracer.spanBuilder("parent").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      work.run();
    } finally {
      parent.end();
    }
    return parent.getSpanContext();
  }

  static String query(String marker) {
    try (Statement statement = db.createStatement()) {
      statement.execute("SELECT 1 AS " + marker);
      return marker;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static Callable<Integer> callable(String marker) {
    return () -> {
      query(marker);
      return 1;
    };
  }

  static boolean currentSpanIsValid() {
    return Span.current().getSpanContext().isValid();
  }

  static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static SpanData dbSpan(String marker) {
    String statement = " AS " + marker;
    List<SpanData> spans = AgentTesting.waitFor(all -> all.stream().anyMatch(s -> isQuery(s, statement)));
    return spans.stream().filter(s -> isQuery(s, statement)).findFirst()
        .orElseThrow(() -> new AssertionError("no JDBC span for " + marker + " in " + spans));
  }

  /** The span of the statement ending with {@code statement}. */
  private static boolean isQuery(SpanData span, String statement) {
    String text = span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("db.statement"));
    return text != null && text.endsWith(statement);
  }

  static void assertChildOf(String marker, SpanContext parent) {
    SpanData span = dbSpan(marker);
    assertThat(span.getTraceId()).as(marker + " trace").isEqualTo(parent.getTraceId());
    assertThat(span.getParentSpanId()).as(marker + " parent").isEqualTo(parent.getSpanId());
  }

  static void assertRoot(String marker) {
    SpanData span = dbSpan(marker);
    assertThat(SpanId.isValid(span.getParentSpanId())).as(marker + " has no parent").isFalse();
  }

  /** Splits {@code depth} times with fork/join; each leaf queries {@code name_L_R...}. */
  static final class Split extends RecursiveAction {
    private final String name;
    private final int depth;

    Split(String name, int depth) {
      this.name = name;
      this.depth = depth;
    }

    @Override
    protected void compute() {
      if (depth == 0) {
        query(name);
        return;
      }
      Split left = new Split(name + "_L", depth - 1);
      Split right = new Split(name + "_R", depth - 1);
      left.fork();
      right.compute();
      left.join();
    }
  }

}
