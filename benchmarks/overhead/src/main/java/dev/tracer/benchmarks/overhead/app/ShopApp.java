package dev.tracer.benchmarks.overhead.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/**
 * The measured application, two services in two JVMs: {@code front <port> <backPort>} serves
 * {@code GET /orders/{id}} by asking back over HTTP (JDK HttpClient); {@code back <port>} answers it from H2
 * through JDBC. The same shape as examples/app, but serving until stopped, on ports the harness chooses.
 */
public final class ShopApp {
  static final int ORDERS = 100;

  private ShopApp() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[1]);
    HttpServlet servlet = "back".equals(args[0]) ? back() : front(Integer.parseInt(args[2]));
    Server server = new Server(new InetSocketAddress("127.0.0.1", port));
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(servlet), "/orders/*");
    server.setHandler(context);
    server.start();
    server.join();
  }

  static HttpServlet back() throws SQLException {
    String url = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
    try (Connection db = DriverManager.getConnection(url, "sa", ""); Statement create = db.createStatement()) {
      create.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(64), total DECIMAL(10,2))");
      try (PreparedStatement insert = db.prepareStatement("INSERT INTO orders (id, customer, total) VALUES (?, ?, ?)")) {
        for (int id = 1; id <= ORDERS; id++) {
          insert.setInt(1, id);
          insert.setString(2, "customer-" + id);
          insert.setBigDecimal(3, BigDecimal.valueOf(id * 100 + 50, 2));
          insert.executeUpdate();
        }
      }
    }
    // one connection per request thread, as a pool would hand out
    ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
      try {
        return DriverManager.getConnection(url, "sa", "");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (PreparedStatement select = connections.get().prepareStatement("SELECT customer, total FROM orders WHERE id = ?")) {
          select.setInt(1, Integer.parseInt(request.getPathInfo().substring(1)));
          try (ResultSet row = select.executeQuery()) {
            if (row.next()) {
              response.getWriter().print(row.getString(1) + " " + row.getBigDecimal(2));
            } else {
              response.sendError(404);
            }
          }
        } catch (SQLException | NumberFormatException e) {
          throw new IOException(e);
        }
      }
    };
  }

  static HttpServlet front(int backPort) {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String back = "http://127.0.0.1:" + backPort + "/orders";
    return new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
          HttpResponse<String> order = client.send(HttpRequest.newBuilder(URI.create(back + request.getPathInfo())).build(),
              HttpResponse.BodyHandlers.ofString());
          response.setStatus(order.statusCode());
          response.getWriter().print(order.body());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    };
  }
}
