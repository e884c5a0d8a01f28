package dev.tracer.smoke.apps;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A JDBC workload with a known shape, then alive until told to end: args are url, the number of good and failing
 * queries, and a file whose appearance ends the application (main returns; the JVM exits on its own).
 */
public final class MetricsApp {
  public static void main(String[] args) throws Exception {
    int good = Integer.parseInt(args[1]);
    int bad = Integer.parseInt(args[2]);
    try (Connection connection = DriverManager.getConnection(args[0], "sa", "")) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE metrics_orders (id INT PRIMARY KEY, customer VARCHAR(64))");
        statement.execute("INSERT INTO metrics_orders VALUES (1, 'ada')");
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT customer FROM metrics_orders WHERE id = ?")) {
        for (int i = 0; i < good; i++) {
          select.setInt(1, 1);
          try (ResultSet rows = select.executeQuery()) {
            rows.next();
          }
        }
      }
      for (int i = 0; i < bad; i++) {
        try (Statement statement = connection.createStatement()) {
          statement.executeQuery("SELECT * FROM no_such_table_here");
        } catch (SQLException expected) {
          // counted as an error span
        }
      }
    }
    System.out.println("workload done");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(Paths.get(args[3])) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    System.out.println("told to end");
  }
}
