package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.ExecutorsApp;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Under tracer.jar, the JDBC span a pool thread makes is a child of the span current where the work was handed over. */
class ExecutorsSmokeTest {

  static Stream<String> jdks() {
    return AgentProcess.javaHomes().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void poolSpanIsChildOfTheMainThreadSpan(String javaHome) throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      AgentProcess app = AgentProcess.builder(ExecutorsApp.class)
          .javaHome(javaHome)
          .classpath(AgentProcess.appClasspath("h2-"))
          .env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_SERVICE_NAME", "executors-smoke")
          .args("jdbc:h2:mem:executors")
          .run(60);
      app.assertSucceeded();
      assertThat(app.stdout()).contains("handed off");

      // CREATE ALIAS, MAIN_CALL, POOL_CALL, UNRELATED_POOL_CALL
      List<ReceivedSpan> spans = receiver.awaitSpans(4, 10);
      assertThat(spans).as(app.dump()).hasSize(4);
      ReceivedSpan main = statement(spans, "MAIN_CALL");
      ReceivedSpan pool = statement(spans, "POOL_CALL");
      ReceivedSpan unrelated = statement(spans, "UNRELATED_POOL_CALL");
      assertThat(main.isRoot()).isTrue();
      assertThat(pool.traceId).isEqualTo(main.traceId);
      assertThat(pool.parentSpanId).isEqualTo(main.spanId);
      assertThat(unrelated.isRoot()).as("nothing left on the pool thread: %s", unrelated).isTrue();
      assertThat(unrelated.traceId).isNotEqualTo(main.traceId);
    }
  }

  private static ReceivedSpan statement(List<ReceivedSpan> spans, String alias) {
    return spans.stream().filter(s -> String.valueOf(s.attribute("db.statement")).endsWith(" AS " + alias)).findFirst()
        .orElseThrow(() -> new AssertionError("no span for " + alias + " in " + spans));
  }
}
