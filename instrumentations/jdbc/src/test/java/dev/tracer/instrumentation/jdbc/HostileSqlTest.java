package dev.tracer.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue #21, 2 and 3: statements the databases accept, written to slip literals past a sanitizer that does not
 * know the dialect, and IN lists long enough to overflow a backtracking regex. The literals never reach a span.
 */
class HostileSqlTest {
  static final AttributeKey<String> DB_STATEMENT = JdbcInstrumentationTest.DB_STATEMENT;
  static final AttributeKey<String> DB_OPERATION = JdbcInstrumentationTest.DB_OPERATION;

  @BeforeAll
  static void installAgent() {
    AgentTesting.install();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  /** Credentials written into the connection URL never reach an attribute (TRACER_DB_STATEMENT_SANITIZE aside). */
  @Test
  void credentialsInTheConnectionUrlNeverLeak() throws Exception {
    TestServices.Database pg = TestServices.postgres();
    String[] urls = {
        "jdbc:h2:mem:credentials;DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=hunter-pass",
        pg.url + (pg.url.contains("?") ? "&" : "?") + "user=" + pg.user + "&password=" + pg.password,
    };
    for (String url : urls) {
      try (Connection connection = DriverManager.getConnection(url);
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT 1")) {
        rows.next();
      }
    }
    List<SpanData> spans = AgentTesting.spans(2);
    assertThat(spans).hasSizeGreaterThanOrEqualTo(2);
    for (SpanData span : spans) {
      assertThat(span.getAttributes().asMap().values()).as(span.getName() + " " + span.getAttributes())
          .noneMatch(value -> String.valueOf(value).contains("hunter-pass")
              || String.valueOf(value).toLowerCase(java.util.Locale.ROOT).contains("password=")
              || String.valueOf(value).toLowerCase(java.util.Locale.ROOT).contains("user="));
    }
  }

  /** name, url, user, password, statements that each return one row holding a secret. */
  static Stream<Arguments> databases() {
    TestServices.Database pg = TestServices.postgres();
    TestServices.Database maria = TestServices.mariadb();
    String nested = "SELECT /* /* */ ' */ 'hunter-two' AS x --'";
    return Stream.of(
        Arguments.of("h2", "jdbc:h2:mem:hostile;DB_CLOSE_DELAY=-1", "sa", "", List.of(nested)),
        Arguments.of("postgresql", pg.url, pg.user, pg.password, List.of(nested)),
        Arguments.of("mariadb", maria.url, maria.user, maria.password, List.of(
            "SELECT \"hunter-two\" AS password",
            "SELECT 1 # it's\n, 'hunter-two'",
            "SELECT 'a', /* /* */ 'hunter-two' AS x")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void noLiteralLeaksAndLongInListsKeepTheirSpan(String name, String url, String user, String password,
      List<String> hostile) throws Exception {
    String table = "hostile_" + Long.toHexString(System.nanoTime());
    StringBuilder in = new StringBuilder("SELECT COUNT(*) FROM " + table + " WHERE id IN (");
    for (int i = 0; i < 5000; i++) {
      in.append(i == 0 ? "" : ", ").append(i);
    }
    List<String> read = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)");
      for (String sql : hostile) {
        try (ResultSet rows = statement.executeQuery(sql)) {
          rows.next();
          read.add(rows.getString(rows.getMetaData().getColumnCount()));
        }
      }
      try (ResultSet rows = statement.executeQuery(in.append(")").toString())) {
        rows.next();
      }
      statement.execute("DROP TABLE " + table);
    }
    assertThat(read).as("the database read the secret as a literal").allMatch(value -> value.contains("hunter-two"));

    List<SpanData> spans = AgentTesting.spans(hostile.size() + 3);
    assertThat(spans).hasSize(hostile.size() + 3);
    for (SpanData span : spans) {
      assertThat(span.getAttributes().toString()).doesNotContain("hunter").doesNotContain("two");
      assertThat(span.getAttributes().get(DB_OPERATION)).isNotNull();
    }
    SpanData inList = spans.get(hostile.size() + 1);
    assertThat(inList.getName()).isEqualTo("SELECT " + table);
    assertThat(inList.getAttributes().get(DB_STATEMENT)).isEqualTo("SELECT COUNT(*) FROM " + table + " WHERE id IN (?)");
  }

  /** Issue #21, 9: a database error that quotes the application's value is sanitized as statements are. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void errorMessagesQuotingValuesAreSanitized(String name, String url, String user, String password,
      List<String> hostile) throws Exception {
    String table = "hostile_e_" + Long.toHexString(System.nanoTime());
    String message;
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + table + " (id VARCHAR(20) PRIMARY KEY)");
      statement.executeUpdate("INSERT INTO " + table + " (id) VALUES ('hunter-two')");
      try {
        statement.executeUpdate("INSERT INTO " + table + " (id) VALUES ('hunter-two')");
        throw new AssertionError("the duplicate was accepted");
      } catch (java.sql.SQLException e) {
        message = e.getMessage();
      } finally {
        statement.execute("DROP TABLE " + table);
      }
    }
    assertThat(message).as("the database quotes the value").contains("hunter-two");
    List<SpanData> spans = AgentTesting.spans(4);
    SpanData failed = spans.get(2);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(failed.getStatus().getDescription()).isNotEmpty().doesNotContain("hunter");
    assertThat(failed.getEvents()).singleElement().satisfies(event -> {
      assertThat(event.getName()).isEqualTo("exception");
      assertThat(event.getAttributes().toString()).doesNotContain("hunter").contains("exception.stacktrace");
    });
  }
}
