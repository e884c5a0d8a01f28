package dev.tracer.instrumentation.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Queries whose result is the text of the statement the database is running: what the database logs. */
final class JdbcSelfQueries {
  static final String POSTGRES = "SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()";
  static final String MARIADB = "SELECT INFO FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()";
  static final String H2 = "SELECT EXECUTING_STATEMENT FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID = SESSION_ID()";

  private JdbcSelfQueries() {}

  static String single(ResultSet result) throws SQLException {
    try (ResultSet r = result) {
      if (!r.next()) {
        throw new AssertionError("no row");
      }
      return r.getString(1);
    }
  }
}
