package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.JdbcApp;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.TestServices;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A JDBC application in its own JVM under tracer.jar exports its spans over OTLP to a real receiver. */
class JdbcSmokeTest {

  static Stream<Arguments> databasesAndJdks() {
    TestServices.Database postgres = TestServices.postgres();
    TestServices.Database mariadb = TestServices.mariadb();
    Stream.Builder<Arguments> cases = Stream.builder();
    for (String javaHome : AgentProcess.javaHomes()) {
      cases.add(Arguments.of("h2", "jdbc:h2:mem:smoke", "sa", "", null, -1, javaHome));
    }
    String jdk = System.getProperty("java.home");
    cases.add(Arguments.of("postgresql", postgres.url, postgres.user, postgres.password, postgres.host, postgres.port, jdk));
    cases.add(Arguments.of("mariadb", mariadb.url, mariadb.user, mariadb.password, mariadb.host, mariadb.port, jdk));
    return cases.build();
  }

  @ParameterizedTest(name = "{0} on {6}")
  @MethodSource("databasesAndJdks")
  void exportsJdbcSpansOverOtlp(String system, String url, String user, String password, String host, int port,
      String javaHome) throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      AgentProcess app = AgentProcess.builder(JdbcApp.class)
          .javaHome(javaHome)
          .classpath(AgentProcess.appClasspath("h2-", "postgresql-", "mariadb-java-client-"))
          .env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_SERVICE_NAME", "jdbc-smoke")
          .args(url, user, password)
          .run(60);
      app.assertSucceeded();
      assertThat(app.stdout()).contains("read ada").contains("expected failure");

      // CREATE, INSERT, SELECT, failing SELECT, DROP: exported before the JVM ended
      List<ReceivedSpan> spans = receiver.awaitSpans(5, 10);
      assertThat(spans).as(app.dump()).hasSize(5);
      String table = spans.get(0).attributes.get("db.sql.table").toString();
      assertThat(spans).extracting(s -> s.name).containsExactly(
          "CREATE " + table, "INSERT " + table, "SELECT " + table, "SELECT no_such_table_here", "DROP " + table);
      for (ReceivedSpan span : spans) {
        assertThat(span.kind).isEqualTo("CLIENT");
        assertThat(span.isRoot()).as("no parent outside a traced call: %s", span).isTrue();
        assertThat(span.serviceName()).isEqualTo("jdbc-smoke");
        assertThat(span.attribute("db.system")).isEqualTo(system);
        if (host != null) {
          assertThat(span.attribute("db.name")).isEqualTo("test");
          assertThat(span.attribute("server.address")).isEqualTo(host);
          assertThat(span.attribute("server.port")).isEqualTo((long) port);
        } else {
          assertThat(span.attribute("db.name")).isEqualTo("smoke");
        }
      }
      assertThat(spans.stream().map(s -> s.traceId).collect(Collectors.toSet())).hasSize(5);
      ReceivedSpan insert = spans.get(1);
      assertThat(insert.attribute("db.statement")).isEqualTo("INSERT INTO " + table + " (id, customer) VALUES (?, ?)");
      assertThat(insert.attribute("db.operation")).isEqualTo("INSERT");
      ReceivedSpan select = spans.get(2);
      assertThat(select.attribute("db.statement")).isEqualTo("SELECT customer FROM " + table + " WHERE id = ? AND customer = ?");
      ReceivedSpan failed = spans.get(3);
      assertThat(failed.status).isEqualTo("ERROR");
      assertThat(failed.eventNames).contains("exception");
      assertThat(select.status).isEqualTo("UNSET");
    }
  }

  @Test
  void disabledAgentInstallsNothing() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      AgentProcess enabled = AgentProcess.builder(JdbcApp.class)
          .classpath(AgentProcess.appClasspath("h2-"))
          .env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .args("jdbc:h2:mem:on", "sa", "")
          .run(60);
      enabled.assertSucceeded();
      // the control: with the agent on, its export thread is alive at the end and spans arrive
      assertThat(enabled.stdout()).contains("tracer-export");
      assertThat(receiver.awaitSpans(5, 10)).hasSize(5);
      receiver.clear();

      AgentProcess disabled = AgentProcess.builder(JdbcApp.class)
          .classpath(AgentProcess.appClasspath("h2-"))
          .env("TRACER_ENABLED", "false")
          .env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .args("jdbc:h2:mem:off", "sa", "")
          .run(60);
      disabled.assertSucceeded();
      assertThat(disabled.stdout()).contains("read ada").doesNotContain("tracer-");
      Thread.sleep(1500); // longer than the flush interval: nothing is on its way
      assertThat(receiver.spans()).isEmpty();
      assertThat(receiver.requestHeaders()).isEmpty();
    }
  }

  @Test
  void badConfigurationValuesAreReportedAndTheApplicationRuns() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      AgentProcess app = AgentProcess.builder(JdbcApp.class)
          .classpath(AgentProcess.appClasspath("h2-"))
          .env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_SAMPLER_ARG", "abc")
          .env("TRACER_FLUSH_INTERVAL", "soon")
          .env("TRACER_QUEUE_CAPACITY", "-3")
          .args("jdbc:h2:mem:bad", "sa", "")
          .run(60);
      app.assertSucceeded();
      assertThat(app.stdout()).contains("read ada");
      assertThat(app.stderr().lines().filter(l -> l.contains("TRACER_SAMPLER_ARG=abc rejected"))).hasSize(1);
      assertThat(app.stderr().lines().filter(l -> l.contains("TRACER_FLUSH_INTERVAL=soon rejected") && l.contains("default 1s"))).hasSize(1);
      assertThat(app.stderr().lines().filter(l -> l.contains("TRACER_QUEUE_CAPACITY=-3 rejected") && l.contains("default 2048"))).hasSize(1);
      assertThat(receiver.awaitSpans(5, 10)).hasSize(5);
    }
  }
}
