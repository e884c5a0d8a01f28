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
 * and the jobs run as without the agent. Run by the execution {@code below} only.
 */
class SpringSchedulingBelowRangeTest {
  @Test
  void staysOutOfTheWay() {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(ScheduledMethodRunnable.class);
    try (AnnotationConfigApplicationContext context = SchedulingApplication.start()) {
      assertThat(AgentTesting.waitFor(spans -> spans.stream().filter(s -> s.getName().startsWith("DELETE")).count() >= 1
          && spans.stream().filter(s -> s.getName().startsWith("SELECT")).count() >= 1)).isNotEmpty();
    }
    assertThat(AgentConsole.notSupported("spring-scheduling")).hasSize(1);
    assertThat(AgentTesting.exported()).noneMatch(s -> s.getName().endsWith(".report") || s.getName().endsWith(".run")
        || s.getName().endsWith(".check"));
  }
}
