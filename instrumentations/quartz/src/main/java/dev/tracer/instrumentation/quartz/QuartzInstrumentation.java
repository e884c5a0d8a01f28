package dev.tracer.instrumentation.quartz;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SubTypeMatcher;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Quartz 2.x: one INTERNAL root span per job execution, {@code <JobClass>.execute}, with the job's and the trigger's
 * names and groups, and everything the job does (JDBC) below it. Hooked on {@code Job.execute} of every job class
 * (Quartz's worker calls it through {@code JobRunShell}, which catches what it throws, so only the job itself
 * sees a {@code JobExecutionException} go by). A job execution is background work: it starts a new trace whatever
 * is current on the worker thread. A job calling another job's {@code execute} (a delegating job, an override
 * calling {@code super}) is one span, the outermost.
 */
public final class QuartzInstrumentation implements InstrumentationModule {
  static final String JOB = "org.quartz.Job";

  @Override
  public String name() {
    return "quartz";
  }

  @Override
  public List<String> requiredClasses() {
    // JobKey is first in Quartz 2.0, the API the helper reads names with: 1.x is skipped with one line
    return Arrays.asList(JOB, "org.quartz.JobKey");
  }

  @Override
  public List<String> helperClasses() {
    return Collections.singletonList("dev.tracer.instrumentation.quartz.QuartzJobs");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return SubTypeMatcher.classesOf(JOB);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(named("execute").and(takesArguments(1))
            .and(takesArgument(0, named("org.quartz.JobExecutionContext"))).and(not(isAbstract())), ExecuteAdvice.class);
      }
    });
  }
}
