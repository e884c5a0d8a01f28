package dev.tracer.smoke.apps;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One service of a two-service chain on Jetty 12 (jakarta.servlet): {@code back} answers /orders/{id} from H2;
 * {@code front <backPort>} answers /call?client=NAME by calling back with that HTTP client library.
 */
public final class JakartaChainApp {
  public static void main(String[] args) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    if (args[0].equals("back")) {
      Connection db = ChainDatabase.open();
      context.addServlet(new ServletHolder(new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          response.getWriter().print(ChainDatabase.order(db, request.getPathInfo().substring(1)));
        }
      }), "/orders/*");
    } else {
      String back = "http://127.0.0.1:" + args[1] + "/orders/1";
      context.addServlet(new ServletHolder(new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          try {
            response.getWriter().print(HttpClients.get(request.getParameter("client"), back));
          } catch (Exception e) {
            throw new IOException(e);
          }
        }
      }), "/call");
    }
    server.setHandler(context);
    server.start();
    System.out.println("listening on " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    server.join();
  }
}
