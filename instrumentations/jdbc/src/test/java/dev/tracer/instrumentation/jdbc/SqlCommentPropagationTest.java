package dev.tracer.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code TRACER_DB_COMMENT_PROPAGATION=true}: the database itself sees the trace context. Each database reports
 * the text of the statement it is running (PostgreSQL {@code pg_stat_activity.query}, H2
 * {@code INFORMATION_SCHEMA.SESSIONS.EXECUTING_STATEMENT}), so a query asking for its own text shows what was sent.
 */
class SqlCommentPropagationTest {
  static final AttributeKey<String> DB_STATEMENT = AttributeKey.stringKey("db.statement");

  @BeforeAll
  static void installAgent() {
    AgentTesting.install(Collections.singletonMap("tracer.db.comment.propagation", "true"));
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  /** name, url, user, password, a query returning the text of the statement running it. */
  static Stream<Arguments> databases() {
    return Stream.of(
        Arguments.of("h2", "jdbc:h2:mem:comments;DB_CLOSE_DELAY=-1", "sa", "", JdbcSelfQueries.H2),
        Arguments.of("postgresql", TestServices.postgres().url, TestServices.postgres().user,
            TestServices.postgres().password, JdbcSelfQueries.POSTGRES));
  }

  private static String traceparent(SpanData span) {
    // the flags as the W3C propagator writes them: sampled, plus "random trace id" from this SDK
    return "/*traceparent='00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
        + span.getSpanContext().getTraceFlags().asHex() + "'*/";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void statementCarriesItsOwnSpan(String name, String url, String user, String password, String selfQuery)
      throws Exception {
    String seen;
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      seen = JdbcSelfQueries.single(statement.executeQuery(selfQuery));
    }
    List<SpanData> spans = AgentTesting.spans(1);
    assertThat(spans).hasSize(1);
    SpanData span = spans.get(0);
    assertThat(seen).isEqualTo(selfQuery + " " + traceparent(span));
    assertThat(span.getAttributes().get(DB_STATEMENT)).isEqualTo(selfQuery).doesNotContain("traceparent");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void preparedStatementCarriesTheContextCurrentWhenPrepared(String name, String url, String user, String password,
      String selfQuery) throws Exception {
    Span request = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
    String seen;
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      PreparedStatement prepared;
      try (Scope ignored = request.makeCurrent()) {
        prepared = connection.prepareStatement(selfQuery);
        seen = JdbcSelfQueries.single(prepared.executeQuery());
      } finally {
        request.end();
      }
      prepared.close();
    }
    List<SpanData> spans = AgentTesting.spans(2);
    assertThat(spans).hasSize(2);
    SpanData requestSpan = spans.stream().filter(s -> s.getKind() == SpanKind.INTERNAL).findFirst().orElseThrow();
    SpanData query = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertThat(seen).isEqualTo(selfQuery + " " + traceparent(requestSpan));
    assertThat(query.getParentSpanId()).isEqualTo(requestSpan.getSpanId());
    assertThat(query.getAttributes().get(DB_STATEMENT)).isEqualTo(selfQuery);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void statementEndingInACommentIsSentUnchanged(String name, String url, String user, String password,
      String selfQuery) throws Exception {
    String sql = selfQuery + " /* mine */";
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      assertThat(JdbcSelfQueries.single(statement.executeQuery(sql))).isEqualTo(sql);
      try (PreparedStatement prepared = connection.prepareStatement(sql)) {
        assertThat(JdbcSelfQueries.single(prepared.executeQuery())).isEqualTo(sql);
      }
    }
    assertThat(AgentTesting.spans(2)).hasSize(2);
  }

  /** Without a current span at prepare time there is no context to send. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void preparedWithoutContextIsSentUnchanged(String name, String url, String user, String password, String selfQuery)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        PreparedStatement prepared = connection.prepareStatement(selfQuery)) {
      assertThat(JdbcSelfQueries.single(prepared.executeQuery())).isEqualTo(selfQuery);
    }
  }
}
