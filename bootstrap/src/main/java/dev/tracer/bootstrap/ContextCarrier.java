package dev.tracer.bootstrap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Carries the current trace context from the thread that hands work to an executor to the thread that runs
 * it, without the bootstrap knowing OpenTelemetry: the agent installs a {@link Sink} that captures and
 * attaches its own context objects.
 *
 * <p>Two ways, chosen by the executor instrumentation: where the executor keeps the task itself (a
 * {@code ThreadPoolExecutor} queue, a {@code ForkJoinTask}), the context is remembered beside the task by
 * identity, so {@code remove(task)}, {@code shutdownNow()}, {@code beforeExecute}/{@code afterExecute} still
 * see the application's own object; where the executor adapts the task anyway (a {@code Runnable} given to a
 * {@code ForkJoinPool}), the task is wrapped.
 */
public final class ContextCarrier {

  /** Implemented by the agent. */
  public interface Sink {
    /** The current context, or null when there is nothing to carry (then nothing is wrapped or stored). */
    Object capture();

    /** Makes a captured context current; returns what {@link #detach} needs to restore the previous one. */
    Object attach(Object captured);

    void detach(Object token);
  }

  private static volatile Sink sink;
  /** Context captured for a task that waits in an executor; taken off when the task starts. */
  private static final WeakStore<Object> PENDING = new WeakStore<>();
  /** The token of the task a pool worker is running, closed when the worker asks for its next task. */
  private static final ThreadLocal<Object> WORKER_TOKEN = new ThreadLocal<>();

  private ContextCarrier() {}

  public static void install(Sink newSink) {
    sink = newSink;
  }

  /** The current context, or null (no sink, nothing current, or an agent thread). */
  public static Object capture() {
    Sink s = sink;
    if (s == null || InternalThread.current()) {
      return null;
    }
    try {
      return s.capture();
    } catch (Throwable ignored) {
      return null;
    }
  }

  /** Remembers the current context for {@code task}, replacing what an earlier submission left. */
  public static void remember(Object task) {
    if (task == null || sink == null) {
      return;
    }
    Object captured = capture();
    if (captured != null) {
      PENDING.put(task, captured);
    } else {
      PENDING.remove(task);
    }
  }

  /** For a task that was not queued after all (rejected). */
  public static void forget(Object task) {
    PENDING.remove(task);
  }

  /** Takes the context remembered for {@code task} and makes it current; the token (or null) goes to {@link #end}. */
  public static Object resume(Object task) {
    if (task == null || PENDING.isEmpty()) {
      return null;
    }
    Object captured = PENDING.remove(task);
    return captured == null ? null : attach(captured);
  }

  public static void end(Object token) {
    Sink s = sink;
    if (token == null || s == null) {
      return;
    }
    try {
      s.detach(token);
    } catch (Throwable ignored) {
      // the application comes first
    }
  }

  /** A pool worker starts {@code task}: its context stays current until {@link #endWorkerTask}. */
  public static void resumeWorkerTask(Object task) {
    endWorkerTask();
    Object token = resume(task);
    if (token != null) {
      WORKER_TOKEN.set(token);
    }
  }

  /** A pool worker finished its task (it asks for the next one, or exits). */
  public static void endWorkerTask() {
    if (sink == null) {
      return;
    }
    Object token = WORKER_TOKEN.get();
    if (token != null) {
      WORKER_TOKEN.remove();
      end(token);
    }
  }

  /** {@code task} itself, or a wrapper running it in the current context. */
  public static Runnable wrap(Runnable task) {
    if (task == null || task instanceof TracedRunnable) {
      return task;
    }
    Object captured = capture();
    return captured == null ? task : new TracedRunnable(task, captured);
  }

  public static <V> Callable<V> wrap(Callable<V> task) {
    if (task == null || task instanceof TracedCallable) {
      return task;
    }
    Object captured = capture();
    return captured == null ? task : new TracedCallable<>(task, captured);
  }

  /** For {@code invokeAll}/{@code invokeAny}: a new collection of wrapped tasks, in the same order. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Collection wrapAll(Collection tasks) {
    if (tasks == null) {
      return null;
    }
    Object captured = capture();
    if (captured == null) {
      return tasks;
    }
    List wrapped = new ArrayList(tasks.size());
    for (Object task : tasks) {
      wrapped.add(task == null || task instanceof TracedCallable ? task
          : new TracedCallable<>((Callable<?>) task, captured));
    }
    return wrapped;
  }

  /** Makes a context from {@link #capture} current; the token (or null) goes to {@link #end}. */
  public static Object attach(Object captured) {
    Sink s = sink;
    if (s == null) {
      return null;
    }
    try {
      return s.attach(captured);
    } catch (Throwable ignored) {
      return null;
    }
  }

  static final class TracedRunnable implements Runnable {
    private final Runnable task;
    private final Object captured;

    TracedRunnable(Runnable task, Object captured) {
      this.task = task;
      this.captured = captured;
    }

    @Override
    public void run() {
      Object token = attach(captured);
      try {
        task.run();
      } finally {
        end(token);
      }
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }

  static final class TracedCallable<V> implements Callable<V> {
    private final Callable<V> task;
    private final Object captured;

    TracedCallable(Callable<V> task, Object captured) {
      this.task = task;
      this.captured = captured;
    }

    @Override
    public V call() throws Exception {
      Object token = attach(captured);
      try {
        return task.call();
      } finally {
        end(token);
      }
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }
}
