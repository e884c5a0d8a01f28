package dev.tracer.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinTask;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The current context follows work handed to the JDK's executors: {@code ThreadPoolExecutor} (and so
 * {@code Executors.new*ThreadPool}, {@code submit}, {@code invokeAll}, {@code invokeAny}),
 * {@code ScheduledThreadPoolExecutor}, {@code ForkJoinPool} and {@code ForkJoinTask.fork}, and therefore the
 * async stages of {@code CompletableFuture}. Only the JDK classes are instrumented, so an executor of a
 * library is covered when it extends one of them.
 */
public final class ExecutorsInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "executors";
  }

  @Override
  public List<String> requiredClasses() {
    return Collections.emptyList();
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ThreadPoolExecutorInstrumentation(), new WorkerInstrumentation(),
        new ScheduledThreadPoolExecutorInstrumentation(), new ForkJoinPoolInstrumentation(),
        new ForkJoinTaskInstrumentation(), new ThreadPerTaskExecutorInstrumentation());
  }

  /** Tasks stay in the executor's queue as they are; the worker resumes each one's context when it takes it. */
  static final class ThreadPoolExecutorInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("java.util.concurrent.ThreadPoolExecutor");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("execute").and(takesArguments(Runnable.class)), RememberTaskAdvice.class);
      target.applyAdvice(named("getTask").and(takesArguments(0)), WorkerTaskAdvice.class);
    }
  }

  static final class WorkerInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("java.util.concurrent.ThreadPoolExecutor$Worker");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("run").and(takesArguments(0)), WorkerRunAdvice.class);
    }
  }

  /** Scheduled tasks reach the queue (again, for periodic ones) through these two, never through execute. */
  static final class ScheduledThreadPoolExecutorInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("java.util.concurrent.ScheduledThreadPoolExecutor");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(namedOneOf("delayedExecute", "reExecutePeriodic").and(takesArguments(1)),
          RememberTaskAdvice.class);
    }
  }

  static final class ForkJoinPoolInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("java.util.concurrent.ForkJoinPool");
    }

    @Override
    public void transform(AdviceTarget target) {
      ElementMatcher.Junction<MethodDescription> entries = isPublic().and(namedOneOf("execute", "submit", "invoke",
          "externalSubmit", "lazySubmit", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay",
          "submitWithTimeout"));
      target.applyAdvice(entries.and(takesArgument(0, ForkJoinTask.class)), RememberTaskAdvice.class);
      target.applyAdvice(entries.and(takesArgument(0, Runnable.class)), WrapRunnableAdvice.class);
      target.applyAdvice(entries.and(takesArgument(0, Callable.class)), WrapCallableAdvice.class);
      target.applyAdvice(isPublic().and(namedOneOf("invokeAll", "invokeAny", "invokeAllUninterruptibly"))
          .and(takesArgument(0, Collection.class)), WrapCallablesAdvice.class);
    }
  }

  static final class ForkJoinTaskInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("java.util.concurrent.ForkJoinTask");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("fork").and(takesArguments(0)), ForkAdvice.class);
      target.applyAdvice(named("doExec").and(takesArguments(0)), ForkJoinTaskExecAdvice.class);
    }
  }

  /**
   * A thread per task: {@code CompletableFuture}'s default executor when the common pool has one thread
   * (JDK 17 on two cores), and the JDK 21+ {@code Executors.newVirtualThreadPerTaskExecutor()}.
   */
  static final class ThreadPerTaskExecutorInstrumentation implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return namedOneOf("java.util.concurrent.CompletableFuture$ThreadPerTaskExecutor",
          "java.util.concurrent.ThreadPerTaskExecutor");
    }

    @Override
    public void transform(AdviceTarget target) {
      ElementMatcher.Junction<MethodDescription> entries = isPublic().and(namedOneOf("execute", "submit"));
      target.applyAdvice(entries.and(takesArgument(0, Runnable.class)), WrapAnyRunnableAdvice.class);
      target.applyAdvice(entries.and(takesArgument(0, Callable.class)), WrapCallableAdvice.class);
      target.applyAdvice(isPublic().and(namedOneOf("invokeAll", "invokeAny")).and(takesArgument(0, Collection.class)),
          WrapCallablesAdvice.class);
    }
  }
}
