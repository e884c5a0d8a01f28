package dev.tracer.smoke.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A JDBC call on the main thread (the parent: an H2 function runs inside it) hands a query to a thread pool;
 * the pool runs it after the call returned. Then, with nothing current, the same pool runs another query.
 */
public final class ExecutorsApp {
  static final ExecutorService POOL = Executors.newFixedThreadPool(2);
  static final CountDownLatch OUTER_ENDED = new CountDownLatch(1);
  static Connection connection;
  static volatile Future<?> handedOff;

  public static void main(String[] args) throws Exception {
    connection = DriverManager.getConnection(args[0], "sa", "");
    execute("CREATE ALIAS HAND_OFF FOR \"" + ExecutorsApp.class.getName() + ".handOff\"");
    execute("SELECT HAND_OFF() AS MAIN_CALL");
    OUTER_ENDED.countDown();
    handedOff.get(30, TimeUnit.SECONDS);
    POOL.submit(() -> execute("SELECT 1 AS UNRELATED_POOL_CALL")).get(30, TimeUnit.SECONDS);
    POOL.shutdown();
    connection.close();
    System.out.println("handed off");
  }

  /** Called by H2 inside MAIN_CALL, on the main thread. */
  public static int handOff() {
    handedOff = POOL.submit(() -> {
      OUTER_ENDED.await(30, TimeUnit.SECONDS);
      execute("SELECT 1 AS POOL_CALL");
      return null;
    });
    return 1;
  }

  static Void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
    return null;
  }
}
