package dev.tracer.instrumentation.spring.scheduling;

import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.springframework.scheduling.SchedulingAwareRunnable;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

/** Helper classes, defined in Spring's class loader: the root span of one scheduled run. */
public final class ScheduledRuns {
  private ScheduledRuns() {}

  /** The run of a {@code @Scheduled} method: {@code <BeanClass>.<method>} (the bean's class, not its proxy's). */
  public static CustomEvent start(Object target, Method method) {
    Class<?> type = target == null || Proxy.isProxyClass(target.getClass()) ? method.getDeclaringClass() : target.getClass();
    return start(type, method.getName());
  }

  static CustomEvent start(Class<?> type, String method) {
    CustomEvent event = CustomEvent.method("spring-scheduling", type, method)
        .attribute("job.system", "spring_scheduling"); // as the OpenTelemetry agent says it
    event.root = true;
    Dispatch.start(event);
    return event;
  }

  /**
   * The application's runnable of a configured task, wrapped; left as it is when something else traces it
   * ({@code @Scheduled} methods) or Spring reads more than {@code Runnable} from it ({@code SchedulingAwareRunnable}:
   * long-lived tasks, a scheduler qualifier, reactive {@code @Scheduled} methods).
   */
  public static Runnable wrap(Runnable runnable) {
    if (runnable == null || runnable instanceof ScheduledMethodRunnable || runnable instanceof SchedulingAwareRunnable
        || runnable instanceof Run) {
      return runnable;
    }
    return new Run(runnable);
  }

  /** One run of a configured task is one root span {@code <RunnableClass>.run}. */
  public static final class Run implements Runnable {
    private final Runnable task;

    Run(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      CustomEvent event = start(task.getClass(), "run");
      try {
        task.run();
      } catch (Throwable t) {
        Dispatch.end(event, t);
        throw t;
      }
      Dispatch.end(event, null);
    }

    /** Spring's task descriptions (logs, the actuator's scheduled tasks) show the application's runnable. */
    @Override
    public String toString() {
      return task.toString();
    }
  }
}
