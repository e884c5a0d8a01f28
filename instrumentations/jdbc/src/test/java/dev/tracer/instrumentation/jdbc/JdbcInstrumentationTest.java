package dev.tracer.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.pool.DelegatingConnection;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import dev.tracer.testing.TestedVersions;
import dev.tracer.testing.Waiting;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDBC instrumentation in the test JVM against H2, the local PostgreSQL and MariaDB. */
class JdbcInstrumentationTest {
  static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  static final AttributeKey<String> DB_NAME = AttributeKey.stringKey("db.name");
  static final AttributeKey<String> DB_STATEMENT = AttributeKey.stringKey("db.statement");
  static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");

  @BeforeAll
  static void installAgent() {
    AgentTesting.install();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  /** The MariaDB driver this run was given (the build runs this class on the newest one too). */
  @Test
  void theTestedMariaDbDriver() {
    TestedVersions.assertLoaded(org.mariadb.jdbc.Driver.class);
  }

  /** name, url, user, password, expected db.system, db.name, host, port. */
  static Stream<Arguments> databases() {
    TestServices.Database pg = TestServices.postgres();
    TestServices.Database maria = TestServices.mariadb();
    return Stream.of(
        Arguments.of("h2", "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1", "sa", "", "h2", "orders", null, -1),
        Arguments.of("postgresql", pg.url, pg.user, pg.password, "postgresql", "test", pg.host, pg.port),
        // Connector/J 4 asks for TLS by default, which the local server does not offer; 3.x accepts the option too
        Arguments.of("mariadb", maria.url + (maria.url.contains("?") ? "&" : "?") + "sslMode=disable", maria.user,
            maria.password, "mariadb", "test", maria.host, maria.port),
        // MySQL Connector/J against the same server (the MySQL protocol): db.system comes from the URL
        Arguments.of("mysql", "jdbc:mysql://" + maria.host + ":" + maria.port + "/test?sslMode=DISABLED", maria.user,
            maria.password, "mysql", "test", maria.host, maria.port));
  }

  private static String table() {
    return "jdbc_t_" + Long.toHexString(System.nanoTime());
  }

  private static void assertDatabase(SpanData span, String system, String dbName, String host, int port) {
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().get(DB_SYSTEM)).isEqualTo(system);
    assertThat(span.getAttributes().get(DB_NAME)).isEqualTo(dbName);
    if (host != null) {
      assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo(host);
      assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) port);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void statementsPreparedStatementsAndBatches(String name, String url, String user, String password, String system,
      String dbName, String host, int port) throws Exception {
    String table = table();
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, name VARCHAR(20))");
        statement.executeUpdate("INSERT INTO " + table + " (id, name) VALUES (1, 'secret')");
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, name) VALUES (?, ?)")) {
        for (int i = 2; i <= 4; i++) {
          insert.setInt(1, i);
          insert.setString(2, "n" + i);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT name FROM " + table + " WHERE id = ?")) {
        select.setInt(1, 1);
        select.executeQuery().close();
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE " + table);
      }
    }
    List<SpanData> spans = AgentTesting.spans(5);
    assertThat(spans).extracting(SpanData::getName).containsExactly(
        "CREATE " + table, "INSERT " + table, "INSERT " + table, "SELECT " + table, "DROP " + table);
    for (SpanData span : spans) {
      assertDatabase(span, system, dbName, host, port);
      assertThat(span.getParentSpanContext().isValid()).isFalse();
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }
    assertThat(spans.get(1).getAttributes().get(DB_STATEMENT))
        .isEqualTo("INSERT INTO " + table + " (id, name) VALUES (?, ?)");
    assertThat(spans.get(1).getAttributes().get(DB_OPERATION)).isEqualTo("INSERT");
    assertThat(spans.get(2).getAttributes().get(DB_STATEMENT))
        .isEqualTo("INSERT INTO " + table + " (id, name) VALUES (?, ?)");
    assertThat(spans.get(2).getAttributes().get(BATCH_SIZE)).isEqualTo(3L);
    assertThat(spans.get(3).getAttributes().get(DB_STATEMENT)).isEqualTo("SELECT name FROM " + table + " WHERE id = ?");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void failingStatementIsAnErrorAndTheExceptionReachesTheApplication(String name, String url, String user,
      String password, String system, String dbName, String host, int port) throws Exception {
    SQLException[] thrown = new SQLException[1];
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> {
        try {
          statement.executeQuery("SELECT * FROM no_such_table WHERE id = 7");
        } catch (SQLException e) {
          thrown[0] = e;
          throw e;
        }
      }).isInstanceOf(SQLException.class);
    }
    List<SpanData> spans = AgentTesting.spans(1);
    assertThat(spans).hasSize(1);
    SpanData span = spans.get(0);
    assertThat(span.getName()).isEqualTo("SELECT no_such_table");
    assertThat(span.getAttributes().get(DB_STATEMENT)).isEqualTo("SELECT * FROM no_such_table WHERE id = ?");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getEvents()).hasSize(1);
    assertThat(span.getEvents().get(0).getName()).isEqualTo("exception");
    assertThat(span.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo(thrown[0].getClass().getName());
    assertDatabase(span, system, dbName, host, port);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void childOfTheCurrentSpan(String name, String url, String user, String password, String system, String dbName,
      String host, int port) throws Exception {
    Span parent = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
    try (Scope ignored = parent.makeCurrent();
        Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT 1").close();
    } finally {
      parent.end();
    }
    List<SpanData> spans = AgentTesting.spans(2);
    SpanData query = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertThat(spans).hasSize(2);
    assertThat(query.getName()).isEqualTo("SELECT " + dbName);
    assertThat(query.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(query.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
  }

  /** A pool-style wrapper whose execute calls the driver's: one span, not two. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void nestedCallsGiveOneSpan(String name, String url, String user, String password, String system, String dbName,
      String host, int port) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement driverStatement = connection.createStatement()) {
      Statement wrapper = new DelegatingStatement(driverStatement);
      wrapper.executeQuery("SELECT 2").close();
      wrapper.execute("SELECT 3");
    }
    List<SpanData> spans = AgentTesting.spans(2);
    Thread.sleep(200);
    spans = AgentTesting.spans(2);
    assertThat(spans).hasSize(2);
    assertThat(spans).extracting(s -> s.getAttributes().get(DB_STATEMENT)).containsExactly("SELECT ?", "SELECT ?");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void proxiesOfStatementsAreNotBroken(String name, String url, String user, String password, String system,
      String dbName, String host, int port) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      Statement real = connection.createStatement();
      Statement proxy = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
          (p, method, args) -> method.invoke(real, args));
      assertThat(proxy.execute("SELECT 4")).isTrue();
      real.close();
    }
    assertThat(AgentTesting.spans(1)).hasSize(1);
  }

  /** Comment propagation is off by default: the database sees exactly the application's SQL. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void sqlIsSentUnchangedByDefault(String name, String url, String user, String password, String system,
      String dbName, String host, int port) throws Exception {
    String selfQuery = "mariadb".equals(name) || "mysql".equals(name) ? JdbcSelfQueries.MARIADB
        : "postgresql".equals(name) ? JdbcSelfQueries.POSTGRES : JdbcSelfQueries.H2;
    Span parent = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
    try (Scope ignored = parent.makeCurrent();
        Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement(selfQuery)) {
      assertThat(JdbcSelfQueries.single(statement.executeQuery(selfQuery))).isEqualTo(selfQuery);
      assertThat(JdbcSelfQueries.single(prepared.executeQuery())).isEqualTo(selfQuery);
    } finally {
      parent.end();
    }
    assertThat(AgentTesting.spans(3)).hasSize(3);
  }

  /**
   * A pool's prepareStatement calls the driver's and returns its own wrapper (or the driver's statement itself, as
   * HikariCP's override chain does): the SQL is remembered once, for the statement the application executes, and
   * its span has it.
   */
  @Test
  void poolsRememberTheSqlOfTheStatementTheyReturn() throws Exception {
    PreparedStatement[] driverStatement = new PreparedStatement[1];
    try (Connection driver = DriverManager.getConnection("jdbc:h2:mem:pooled", "sa", "")) {
      Connection same = new DelegatingConnection(driver, statement -> statement);
      try (PreparedStatement statement = same.prepareStatement("SELECT 6")) {
        assertThat(JdbcStatements.STATEMENT_SQL.get(statement)).isEqualTo("SELECT 6");
        statement.executeQuery().close();
      }
      Connection wrapping = new DelegatingConnection(driver, statement -> {
        driverStatement[0] = statement;
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {PreparedStatement.class}, (p, method, args) -> method.invoke(statement, args));
      });
      try (PreparedStatement statement = wrapping.prepareStatement("SELECT 7")) {
        assertThat(JdbcStatements.STATEMENT_SQL.get(statement)).isEqualTo("SELECT 7");
        assertThat(JdbcStatements.STATEMENT_SQL.get(driverStatement[0])).isNull();
        statement.executeQuery().close();
      }
    }
    List<SpanData> spans = AgentTesting.spans(2);
    assertThat(spans).extracting(s -> s.getAttributes().get(DB_STATEMENT)).containsExactly("SELECT ?", "SELECT ?");
    // a prepare that threw leaves nothing open: the next one on this thread is remembered
    try (Connection driver = DriverManager.getConnection("jdbc:h2:mem:pooled", "sa", "")) {
      Connection pooled = new DelegatingConnection(driver, statement -> statement);
      assertThatThrownBy(() -> pooled.prepareStatement("SELEC nothing")).isInstanceOf(SQLException.class);
      try (PreparedStatement statement = pooled.prepareStatement("SELECT 8")) {
        assertThat(JdbcStatements.STATEMENT_SQL.get(statement)).isEqualTo("SELECT 8");
      }
    }
  }

  /**
   * The SQL remembered per prepared statement and the URL per connection go with them even when the statements are
   * never closed: after 100,000 statements prepared and executed on 1,000 connections (in-process H2), the stores
   * are back to their resting size.
   */
  @Test
  void rememberedSqlGoesWithItsStatements() throws Exception {
    System.gc();
    int resting = JdbcStatements.STATEMENT_SQL.size() + JdbcStatements.CONNECTION_URL.size();
    try (Connection keepsTheDatabase = DriverManager.getConnection("jdbc:h2:mem:forgotten", "sa", "")) {
      for (int c = 0; c < 1_000; c++) {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:forgotten", "sa", "")) {
          for (int i = 0; i < 100; i++) {
            // never closed, as a careless application leaves them: only the weak key lets the entry go
            PreparedStatement statement = connection.prepareStatement("SELECT " + i);
            statement.executeQuery().close();
          }
          assertThat(JdbcStatements.STATEMENT_SQL.size()).isGreaterThanOrEqualTo(1);
        }
        if (c % 100 == 0) {
          AgentTesting.reset(); // the exported spans would pile up in memory
        }
      }
    }
    assertThat(Waiting.until(() -> {
      System.gc();
      return JdbcStatements.STATEMENT_SQL.size() + JdbcStatements.CONNECTION_URL.size() <= resting;
    }, 20)).as("statements and connections remembered after they were dropped: %s, %s (at rest %s)",
        JdbcStatements.STATEMENT_SQL.size(), JdbcStatements.CONNECTION_URL.size(), resting).isTrue();
  }

  /**
   * Closing a statement or a connection empties what was remembered for it at once, with no GC in between: the
   * closed objects are still held here, so their weak keys cannot have been cleared.
   */
  @Test
  void closingForgetsWhatWasRemembered() throws Exception {
    int statementsAtRest = JdbcStatements.STATEMENT_SQL.size();
    int connectionsAtRest = JdbcStatements.CONNECTION_URL.size();
    List<Object> closed = new java.util.ArrayList<>();
    try (Connection keepsTheDatabase = DriverManager.getConnection("jdbc:h2:mem:closing", "sa", "")) {
      for (int c = 0; c < 10; c++) {
        Connection connection = DriverManager.getConnection("jdbc:h2:mem:closing", "sa", "");
        closed.add(connection);
        for (int i = 0; i < 10; i++) {
          PreparedStatement statement = connection.prepareStatement("SELECT " + i);
          closed.add(statement);
          statement.executeQuery().close();
          assertThat(JdbcStatements.STATEMENT_SQL.get(statement)).isEqualTo("SELECT " + i);
          statement.close();
          assertThat(JdbcStatements.STATEMENT_SQL.get(statement)).isNull();
        }
        Statement plain = connection.createStatement();
        closed.add(plain);
        plain.executeQuery("SELECT 1").close();
        plain.close();
        assertThat(JdbcStatements.CONNECTION_URL.get(connection)).isEqualTo("jdbc:h2:mem:closing");
        connection.close();
        assertThat(JdbcStatements.CONNECTION_URL.get(connection)).isNull();
      }
    }
    // a GC may have dropped other tests' entries meanwhile, never added any
    assertThat(JdbcStatements.STATEMENT_SQL.size()).isLessThanOrEqualTo(statementsAtRest);
    assertThat(JdbcStatements.CONNECTION_URL.size()).isLessThanOrEqualTo(connectionsAtRest);
    assertThat(AgentTesting.spans(110)).hasSize(110);
    assertThat(closed).hasSize(120);
  }
}
