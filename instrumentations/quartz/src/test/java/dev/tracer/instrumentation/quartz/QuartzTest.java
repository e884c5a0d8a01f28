package dev.tracer.instrumentation.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.jobs.DelegatingJob;
import com.acme.jobs.Jobs;
import com.acme.jobs.LedgerJob;
import com.acme.jobs.ReportJob;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.JobBuilder;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;

/** Quartz jobs on the in-memory job store, real JDBC (H2) inside them: one root INTERNAL span per execution. */
class QuartzTest {
  static List<SpanData> spans;

  @BeforeAll
  static void runJobs() throws Exception {
    AgentTesting.install();
    TestedVersions.assertLoaded(Scheduler.class);
    AgentTesting.reset();
    Scheduler scheduler = Jobs.scheduler();
    scheduler.start();
    try {
      schedule(scheduler, ReportJob.class, "nightly-report", "reports");
      schedule(scheduler, LedgerJob.class, "ledger", "finance");
      schedule(scheduler, DelegatingJob.class, "delegated-report", "reports");
      spans = AgentTesting.waitFor(all -> all.stream().filter(s -> s.getName().endsWith(".execute")).count() >= 3
          && all.stream().filter(s -> s.getName().startsWith("SELECT")).count() >= 2);
    } finally {
      scheduler.shutdown(true);
    }
  }

  static void schedule(Scheduler scheduler, Class<? extends org.quartz.Job> job, String name, String group) throws Exception {
    scheduler.scheduleJob(JobBuilder.newJob(job).withIdentity(name, group).build(),
        TriggerBuilder.newTrigger().withIdentity(name + "-trigger", group).startNow().build());
  }

  static SpanData one(String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(named).as(name).hasSize(1);
    return named.get(0);
  }

  static List<SpanData> children(SpanData parent) {
    return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).collect(Collectors.toList());
  }

  @Test
  void anExecutionIsARootSpanWithTheJobAndTriggerAndItsQueryBelow() {
    SpanData report = one("ReportJob.execute");
    assertThat(report.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(report.getParentSpanContext().isValid()).as("a root").isFalse();
    assertThat(report.getAttributes().get(AttributeKey.stringKey("code.namespace"))).isEqualTo(ReportJob.class.getName());
    assertThat(report.getAttributes().get(AttributeKey.stringKey("code.function"))).isEqualTo("execute");
    assertThat(report.getAttributes().get(AttributeKey.stringKey("job.system"))).isEqualTo("quartz");
    assertThat(report.getAttributes().get(AttributeKey.stringKey("quartz.job.name"))).isEqualTo("nightly-report");
    assertThat(report.getAttributes().get(AttributeKey.stringKey("quartz.job.group"))).isEqualTo("reports");
    assertThat(report.getAttributes().get(AttributeKey.stringKey("quartz.trigger.name"))).isEqualTo("nightly-report-trigger");
    assertThat(report.getAttributes().get(AttributeKey.stringKey("quartz.trigger.group"))).isEqualTo("reports");
    assertThat(children(report)).extracting(SpanData::getName, SpanData::getKind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("SELECT quartz_reports", SpanKind.CLIENT));
  }

  @Test
  void aJobExecutionExceptionIsAnError() {
    SpanData ledger = one("LedgerJob.execute");
    assertThat(ledger.getParentSpanContext().isValid()).isFalse();
    assertThat(ledger.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(ledger.getEvents()).singleElement().satisfies(event -> {
      assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
          .isEqualTo("org.quartz.JobExecutionException");
      assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message"))).contains("ledger locked");
    });
  }

  @Test
  void aJobRunningAnotherJobIsOneExecution() {
    SpanData delegating = one("DelegatingJob.execute");
    assertThat(delegating.getParentSpanContext().isValid()).isFalse();
    assertThat(children(delegating)).extracting(SpanData::getName).containsExactly("SELECT quartz_reports");
    assertThat(spans.stream().filter(s -> s.getName().equals("ReportJob.execute"))).hasSize(1);
  }
}
