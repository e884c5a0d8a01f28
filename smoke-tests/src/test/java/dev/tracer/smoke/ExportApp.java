package dev.tracer.smoke;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The traced application of the smoke tests: {@code queries} JDBC calls on H2 (one span each), then it ends
 * the way {@code mode} says: {@code return} from main, {@code exit} (System.exit), or {@code wait} for a
 * SIGTERM after printing {@code ready}.
 */
public final class ExportApp {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int inserts = Integer.parseInt(args[1]);
    int ended = 0;
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:app", "sa", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(32))");
      ended++;
      for (int i = 0; i < inserts; i++) {
        statement.executeUpdate("INSERT INTO items VALUES (" + i + ", 'item')");
        ended++;
      }
      statement.executeQuery("SELECT name FROM items WHERE id = 1").close();
      ended++;
    }
    System.out.println("ended " + ended);
    System.out.flush();
    if (mode.equals("exit")) {
      System.exit(0);
    }
    if (mode.equals("wait")) {
      System.out.println("ready");
      System.out.flush();
      Thread.sleep(600_000);
    }
  }
}
