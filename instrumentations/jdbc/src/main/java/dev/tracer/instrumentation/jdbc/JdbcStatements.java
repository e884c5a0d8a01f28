package dev.tracer.instrumentation.jdbc;

import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.WeakStore;
import java.sql.Connection;
import java.sql.Statement;

/**
 * What the advice remembers about statements and connections, and the event of one execution. A helper class of
 * the module (defined in the driver's class loader), so its stores are per driver loader.
 */
public final class JdbcStatements {
  /** SQL text of a prepared or callable statement, recorded when the connection prepared it. */
  static final WeakStore<String> STATEMENT_SQL = new WeakStore<>();
  /** JDBC URL of a connection, read once from its metadata. */
  static final WeakStore<String> CONNECTION_URL = new WeakStore<>();

  /** Prepare calls open on this thread: a pool's prepareStatement calls its super class's and the driver's. */
  private static final ThreadLocal<int[]> PREPARING = ThreadLocal.withInitial(() -> new int[1]);

  private JdbcStatements() {}

  /** A prepare call starts; its exit calls {@link #prepared}, whether it returned or threw. */
  public static void preparing() {
    PREPARING.get()[0]++;
  }

  /**
   * A prepare call returned {@code statement} for {@code sql} (null when it threw). Only the outermost call of a
   * nesting remembers it: that is the statement the application executes (a pool's wrapper, whose execute has the
   * span; the driver's statement inside it runs nested in that execute). One entry per statement instead of one
   * per layer (HikariCP: three, each a weak reference the collector handles).
   */
  public static void prepared(Object statement, String sql) {
    int[] depth = PREPARING.get();
    if (--depth[0] > 0) {
      return;
    }
    depth[0] = 0; // never below: a call may have started before the agent did
    if (statement != null && sql != null) {
      STATEMENT_SQL.put(statement, sql);
    }
  }

  /** {@code statementOrConnection} was closed: it will not be executed again. */
  public static void closed(Object statementOrConnection) {
    if (STATEMENT_SQL.remove(statementOrConnection) == null) {
      CONNECTION_URL.remove(statementOrConnection);
    }
  }

  /** Starts the event of one execution of {@code sql} (null: the SQL the statement was prepared with). */
  public static DatabaseEvent start(Statement statement, String sql) {
    DatabaseEvent event = new DatabaseEvent("jdbc");
    event.statement = sql != null ? sql : STATEMENT_SQL.get(statement);
    try {
      Connection connection = statement.getConnection();
      String url = CONNECTION_URL.get(connection);
      if (url == null) {
        url = connection.getMetaData().getURL();
        CONNECTION_URL.put(connection, url);
      }
      event.connectionUrl = url;
    } catch (Throwable unknown) {
      // a closed statement: the call will say so, the span still records it
    }
    Dispatch.start(event);
    return event;
  }
}
