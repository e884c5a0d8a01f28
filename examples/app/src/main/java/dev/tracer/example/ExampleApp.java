package dev.tracer.example;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A two-service demo for the README: this JVM is the {@code front} service; it starts the {@code back}
 * service as a second JVM under the same agent, serves {@code /orders/{id}} on embedded Jetty by calling back
 * over HTTP, and back answers from an order book in in-memory H2 through plain JDBC. One request to front is
 * one trace across both services. Prints what it did on standard output; the agent writes on standard error.
 * With {@code serve <port>}, front serves on that port until stopped instead of sending itself two requests
 * ({@code serve <port> log}: and logs each request, as the demo does).
 */
public final class ExampleApp {
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("back")) {
      BackService.main(args);
      return;
    }
    if (args.length > 0 && args[0].equals("local")) {
      // the order book alone, in this JVM: what the extension tests run
      try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:local", "sa", "")) {
        run(connection);
      }
      return;
    }
    // "serve <port>": front serves until stopped (the overhead harness puts it under load); "serve <port> log"
    // logs each request as the demo does (what the attach test reads the trace ids from)
    boolean serve = args.length > 1 && args[0].equals("serve");
    FrontService.run(serve ? Integer.parseInt(args[1]) : 0, !serve || args.length > 2 && args[2].equals("log"));
  }

  /** The work itself, a separate method so that tests can wrap it in a parent span. */
  public static void run(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(64), total DECIMAL(10,2))");
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (id, customer, total) VALUES (?, ?, ?)")) {
      String[] customers = {"ada", "grace", "linus"};
      for (int i = 0; i < customers.length; i++) {
        insert.setInt(1, i + 1);
        insert.setString(2, customers[i]);
        insert.setBigDecimal(3, new java.math.BigDecimal(10 * (i + 1) + ".50"));
        insert.executeUpdate();
      }
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT customer, total FROM orders WHERE total > 15 ORDER BY id")) {
      while (rows.next()) {
        System.out.println("order: " + rows.getString(1) + " " + rows.getBigDecimal(2));
      }
    }
    try (Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT * FROM missing_table");
    } catch (SQLException expected) {
      System.out.println("failed as expected: " + expected.getMessage().split("\n")[0]);
    }
    System.out.println("done");
  }
}
