package dev.tracer.instrumentation.spring.scheduling;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring's scheduled work: one INTERNAL root span per run, with everything the run does (JDBC, HTTP calls) below
 * it. A run is background work, a unit of its own: it starts a new trace even when a context is current on the
 * scheduler thread, so a periodic job never hangs off whatever request happened to leave a context behind.
 *
 * <p>Two hooks, because Spring runs the two kinds of scheduled work through different objects:
 * <ul>
 *   <li>{@code @Scheduled} methods: Spring calls every one through {@code ScheduledMethodRunnable.run()}, which
 *       knows the bean and the method, so the span is {@code ReportJob.report};
 *   <li>tasks a {@code SchedulingConfigurer} registers (and {@code <task:scheduled>}): every one becomes a
 *       {@code Task} (cron, trigger, fixed rate or delay), whose constructor takes the application's
 *       {@code Runnable}; the advice wraps it once there, so each run is a span {@code <RunnableClass>.run}.
 * </ul>
 * Nothing else is touched: {@code @Async} methods and work handed to a {@code TaskScheduler}'s {@code execute}
 * stay in the caller's trace (the executors instrumentation carries it).
 */
public final class SpringSchedulingInstrumentation implements InstrumentationModule {
  static final String METHOD_RUNNABLE = "org.springframework.scheduling.support.ScheduledMethodRunnable";
  static final String TASK = "org.springframework.scheduling.config.Task";

  @Override
  public String name() {
    return "spring-scheduling";
  }

  @Override
  public List<String> requiredClasses() {
    // ScheduledMethodRunnable (Spring 3.0) and Task (3.2) are what the advice hooks; CronExpression is first in
    // Spring 5.3, the oldest release tested, so 5.2 and older get the one-line skip
    return Arrays.asList(METHOD_RUNNABLE, TASK, "org.springframework.scheduling.support.CronExpression");
  }

  @Override
  public List<String> helperClasses() {
    // by name: ScheduledRuns reads Spring types, which the agent's class loader cannot load it against
    String helper = "dev.tracer.instrumentation.spring.scheduling.ScheduledRuns";
    return Arrays.asList(helper, helper + "$Run");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(METHOD_RUNNABLE);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(named("run").and(takesArguments(0)), ScheduledMethodAdvice.class);
      }
    }, new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(TASK);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(isConstructor().and(takesArguments(1)).and(takesArgument(0, Runnable.class)),
            TaskAdvice.class);
      }
    });
  }
}
