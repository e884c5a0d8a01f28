package com.acme.shop;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The application under test (outside the agent's own packages, which it never instruments): its database. */
public final class Shop {
  static final String URL = "jdbc:h2:mem:annotations_shop;DB_CLOSE_DELAY=-1";

  private Shop() {}

  public static void createTables() {
    sql("CREATE TABLE IF NOT EXISTS shop_stock (sku VARCHAR(20), quantity INT)");
  }

  static int sql(String statement) {
    try (Connection connection = DriverManager.getConnection(URL); Statement s = connection.createStatement()) {
      s.execute(statement);
      return s.getUpdateCount();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
