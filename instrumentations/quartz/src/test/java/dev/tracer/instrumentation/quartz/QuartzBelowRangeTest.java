package dev.tracer.instrumentation.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.jobs.Jobs;
import com.acme.jobs.ReportJob;
import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;

/**
 * Quartz 1.8, below the range (the gate is JobKey, first in 2.0): one "not supported" line, no job span, and the
 * job runs as without the agent (its query is there, a root of its own). Run by the execution {@code below} only;
 * the 1.x scheduling API (JobDetail and SimpleTrigger as classes) is reached by reflection, as the test compiles
 * against 2.x.
 */
class QuartzBelowRangeTest {
  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(Scheduler.class);
    Scheduler scheduler = Jobs.scheduler();
    scheduler.start();
    try {
      Class<?> detailType = Class.forName("org.quartz.JobDetail");
      Class<?> triggerType = Class.forName("org.quartz.Trigger");
      Object detail = detailType.getConstructor(String.class, String.class, Class.class)
          .newInstance("nightly-report", "reports", ReportJob.class);
      Object trigger = Class.forName("org.quartz.SimpleTrigger").getConstructor(String.class, String.class)
          .newInstance("nightly-report-trigger", "reports");
      Scheduler.class.getMethod("scheduleJob", detailType, triggerType).invoke(scheduler, detail, trigger);
      assertThat(AgentTesting.waitFor(spans -> spans.stream().anyMatch(s -> s.getName().startsWith("SELECT"))))
          .anyMatch(s -> s.getName().startsWith("SELECT"));
    } finally {
      scheduler.shutdown(true);
    }
    assertThat(AgentConsole.notSupported("quartz")).hasSize(1);
    assertThat(AgentTesting.exported()).noneMatch(s -> s.getName().endsWith(".execute"));
  }
}
