package dev.tracer.smoke.apps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * What the two services of the messaging chains share, whatever the broker: service A's order servlet on embedded
 * Jetty 12, service B's order table in H2.
 */
public final class OrderChain {
  /** Sends one order on, as the request says. */
  public interface Sender {
    void send(HttpServletRequest request, String order) throws Exception;
  }

  private static Connection database;
  private static CountDownLatch remaining;

  private OrderChain() {}

  /** Service A: {@code GET /orders?id=ID&...} hands the order to {@code sender}; prints its port, serves until stopped. */
  public static void serve(Sender sender) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String order = request.getParameter("id");
        try {
          sender.send(request, order);
        } catch (Exception e) {
          throw new IOException(e);
        }
        response.getWriter().print("queued " + order);
      }
    }), "/orders");
    server.setHandler(context);
    server.start();
    System.out.println("listening " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    server.join();
  }

  /** Service B's table, for {@code orders} orders. */
  public static void openTable(String jdbcUrl, int orders) throws SQLException {
    database = DriverManager.getConnection(jdbcUrl, "sa", "");
    remaining = new CountDownLatch(orders);
    try (Statement statement = database.createStatement()) {
      statement.execute("CREATE TABLE orders (id VARCHAR(64) PRIMARY KEY)");
    }
  }

  public static synchronized void save(String order) {
    try (PreparedStatement insert = database.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
      insert.setString(1, order);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    System.out.println("stored " + order);
    remaining.countDown();
  }

  public static boolean allSaved() {
    return remaining.getCount() == 0;
  }

  public static void awaitAll() throws InterruptedException {
    if (!remaining.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("orders missing: " + remaining.getCount());
    }
  }
}
