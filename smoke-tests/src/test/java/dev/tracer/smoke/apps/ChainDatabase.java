package dev.tracer.smoke.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The back service's data: an order table in in-memory H2. */
final class ChainDatabase {
  private ChainDatabase() {}

  static Connection open() throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:h2:mem:chain;DB_CLOSE_DELAY=-1", "sa", "");
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(64))");
      statement.execute("INSERT INTO orders VALUES (1, 'ada')");
    }
    return connection;
  }

  static synchronized String order(Connection connection, String id) throws java.io.IOException {
    try (PreparedStatement select = connection.prepareStatement("SELECT customer FROM orders WHERE id = ?")) {
      select.setInt(1, Integer.parseInt(id));
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? "order " + id + " of " + rows.getString(1) : "no order " + id;
      }
    } catch (SQLException e) {
      throw new java.io.IOException(e);
    }
  }
}
