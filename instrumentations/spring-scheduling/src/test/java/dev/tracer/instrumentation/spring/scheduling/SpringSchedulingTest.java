package dev.tracer.instrumentation.spring.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.scheduling.support.ScheduledMethodRunnable;

/**
 * Scheduled work in a plain application context, on a scheduler thread where a request's context leaked: each run
 * is a root INTERNAL span with its JDBC below it; {@code @Async} work on the same thread stays in its caller's trace.
 */
class SpringSchedulingTest {
  static AnnotationConfigApplicationContext context;
  static List<SpanData> spans;

  @BeforeAll
  static void runTheApplication() {
    AgentTesting.install();
    TestedVersions.assertLoaded(ScheduledMethodRunnable.class);
    AgentTesting.reset();
    context = SchedulingApplication.start();
    CustomEvent request = new CustomEvent("test", "Request.handle");
    Dispatch.start(request);
    context.getBean(SchedulingApplication.Mailer.class).send();
    Dispatch.end(request, null);
    spans = AgentTesting.waitFor(all -> count(all, "ReportJob.report") >= 2 && count(all, "BrokenJob.check") >= 1
        && count(all, "CleanupTask.run") >= 1 && all.stream().anyMatch(s -> s.getName().startsWith("INSERT")));
    context.close();
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  static long count(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).count();
  }

  static List<SpanData> named(String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  static List<SpanData> children(SpanData parent) {
    return spans.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())
        && s.getTraceId().equals(parent.getTraceId())).collect(Collectors.toList());
  }

  @Test
  void eachRunOfAScheduledMethodIsARootSpanWithItsQueryBelow() {
    List<SpanData> runs = named("ReportJob.report");
    assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
    assertThat(runs.stream().map(SpanData::getTraceId).distinct().count()).isEqualTo(runs.size());
    for (SpanData run : runs.subList(0, 2)) {
      assertThat(run.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(run.getParentSpanContext().isValid()).as("a root").isFalse();
      assertThat(run.getAttributes().get(AttributeKey.stringKey("code.namespace")))
          .isEqualTo(SchedulingApplication.ReportJob.class.getName());
      assertThat(run.getAttributes().get(AttributeKey.stringKey("code.function"))).isEqualTo("report");
      assertThat(run.getAttributes().get(AttributeKey.stringKey("job.system"))).isEqualTo("spring_scheduling");
      assertThat(children(run)).extracting(SpanData::getName, SpanData::getKind)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("SELECT sched_reports", SpanKind.CLIENT));
    }
  }

  @Test
  void noQueryOfARunIsARootOrInTheLeakedTrace() {
    Optional<SpanData> leaked = spans.stream().filter(s -> s.getName().startsWith("Leaked")).findAny();
    assertThat(leaked).as("the leaked span never ends").isEmpty();
    for (SpanData query : spans) {
      if (query.getKind() == SpanKind.CLIENT && (query.getName().startsWith("SELECT") || query.getName().startsWith("DELETE"))) {
        SpanData parent = spans.stream().filter(s -> s.getSpanId().equals(query.getParentSpanId())).findFirst().orElse(null);
        assertThat(parent).as("parent of " + query.getName()).isNotNull();
        assertThat(parent.getParentSpanContext().isValid()).isFalse();
      }
    }
  }

  @Test
  void aRunThatThrowsIsAnErrorWithTheException() {
    SpanData check = named("BrokenJob.check").get(0);
    assertThat(check.getParentSpanContext().isValid()).isFalse();
    assertThat(check.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(check.getEvents()).anySatisfy(event -> {
      assertThat(event.getName()).isEqualTo("exception");
      assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message"))).isEqualTo("check failed");
    });
  }

  @Test
  void aConfiguredTaskIsARootSpanToo() {
    SpanData cleanup = named("CleanupTask.run").get(0);
    assertThat(cleanup.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(cleanup.getParentSpanContext().isValid()).isFalse();
    assertThat(cleanup.getAttributes().get(AttributeKey.stringKey("code.namespace")))
        .isEqualTo(SchedulingApplication.CleanupTask.class.getName());
    assertThat(children(cleanup)).extracting(SpanData::getName).containsExactly("DELETE sched_reports");
  }

  @Test
  void asyncWorkOnTheSchedulerStaysInTheCallersTrace() {
    SpanData request = named("Request.handle").get(0);
    SpanData insert = spans.stream().filter(s -> s.getName().startsWith("INSERT")).findFirst().get();
    assertThat(insert.getTraceId()).isEqualTo(request.getTraceId());
    assertThat(insert.getParentSpanId()).isEqualTo(request.getSpanId());
  }
}
