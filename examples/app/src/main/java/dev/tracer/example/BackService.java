package dev.tracer.example;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The back service: {@code GET /orders/{id}} answered from H2 (by {@link Orders#find}, a {@code @WithSpan} method). Prints its port, then serves until stopped. */
final class BackService {
  private static final Logger LOG = LoggerFactory.getLogger(BackService.class);

  private BackService() {}

  /** {@code back}, or {@code back quiet}: no log line per request. */
  static void main(String[] args) throws Exception {
    boolean logRequests = !(args.length > 1 && args[1].equals("quiet"));
    String url = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
    try (Connection setup = DriverManager.getConnection(url, "sa", "")) {
      ExampleApp.run(setup);
    }
    // one connection per request thread, as a pool would hand out
    ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
      try {
        return DriverManager.getConnection(url, "sa", "");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
          String id = request.getPathInfo().substring(1);
          String order = Orders.find(connections.get(), Integer.parseInt(id));
          if (order != null) {
            if (logRequests) {
              LOG.info("order {}: {}", id, order);
            }
            response.getWriter().print(order);
          } else {
            response.sendError(404);
          }
        } catch (SQLException | NumberFormatException e) {
          throw new IOException(e);
        }
      }
    }), "/orders/*");
    server.setHandler(context);
    server.start();
    System.out.println("listening on " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    System.out.flush();
    server.join();
  }
}
