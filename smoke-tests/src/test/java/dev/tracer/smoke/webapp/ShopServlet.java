package dev.tracer.smoke.webapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redeployed web application's one servlet, loaded by the web application's class loader: per request a
 * query through the H2 driver of its WEB-INF/lib, a task on its own executor that logs through its own Logback,
 * and a call to the loopback peer with the JDK HTTP client.
 */
public class ShopServlet extends HttpServlet {
  private static final Logger LOG = LoggerFactory.getLogger(ShopServlet.class);

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Shop shop = (Shop) getServletContext().getAttribute(Shop.class.getName());
    try {
      String name;
      synchronized (shop.connection) {
        try (PreparedStatement statement = shop.connection.prepareStatement("SELECT name FROM item WHERE id = ?")) {
          statement.setInt(1, 1);
          try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            name = rows.getString(1);
          }
        }
      }
      Future<?> logged = shop.executor.submit(() -> LOG.info("served {}", name));
      logged.get();
      HttpResponse<String> peer = shop.client.send(HttpRequest.newBuilder(URI.create(shop.peer)).build(),
          HttpResponse.BodyHandlers.ofString());
      resp.setContentType("text/plain");
      resp.getWriter().print(name + " " + peer.body());
    } catch (SQLException | InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IOException(e);
    }
  }
}
