package dev.tracer.instrumentation.spring.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

/**
 * Spring 5.2, below the range (the gate is CronExpression, first in 5.3): one "not supported" line, no run spans,
 * and the jobs run as without the agent, in the context leaked onto the scheduler thread. Run by the execution
 * {@code below} only.
 */
class SpringSchedulingBelowRangeTest {
  @Test
  void staysOutOfTheWay() {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(ScheduledMethodRunnable.class);
    try (AnnotationConfigApplicationContext context = SchedulingApplication.start()) {
      // untraced runs join whatever is current on the scheduler thread: here the leaked request span (never
      // exported), which is what SpringSchedulingTest's runs must not do
      assertThat(AgentTesting.waitFor(spans -> spans.stream().filter(s -> s.getName().startsWith("DELETE")).count() >= 1
          && spans.stream().filter(s -> s.getName().startsWith("SELECT")).count() >= 1))
          .filteredOn(s -> s.getName().startsWith("SELECT") || s.getName().startsWith("DELETE")).isNotEmpty()
          .allMatch(s -> s.getParentSpanContext().isValid());
    }
    assertThat(AgentConsole.notSupported("spring-scheduling")).hasSize(1);
    assertThat(AgentTesting.exported()).noneMatch(s -> s.getName().endsWith(".report") || s.getName().endsWith(".run")
        || s.getName().endsWith(".check"));
  }
}
