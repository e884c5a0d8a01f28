package dev.tracer.smoke.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A plain JDBC application: args are url, user, password. Prints what it read and the threads alive at the end. */
public final class JdbcApp {
  public static void main(String[] args) throws Exception {
    String table = "smoke_orders_" + ProcessHandle.current().pid();
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args.length > 2 ? args[2] : "")) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, customer VARCHAR(64))");
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (id, customer) VALUES (?, ?)")) {
        insert.setInt(1, 1);
        insert.setString(2, "ada");
        insert.executeUpdate();
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT customer FROM " + table + " WHERE id = 1 AND customer = 'ada'")) {
        while (rows.next()) {
          System.out.println("read " + rows.getString(1));
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.executeQuery("SELECT * FROM no_such_table_here");
      } catch (SQLException expected) {
        System.out.println("expected failure " + expected.getClass().getName());
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP TABLE " + table);
      }
    }
    StringBuilder threads = new StringBuilder("threads:");
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      threads.append(' ').append(thread.getName().replace(' ', '_'));
    }
    System.out.println(threads);
  }
}
