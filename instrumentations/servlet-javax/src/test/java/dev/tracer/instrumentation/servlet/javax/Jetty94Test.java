package dev.tracer.instrumentation.servlet.javax;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.util.EnumSet;
import java.util.Map;
import javax.servlet.DispatcherType;
import javax.servlet.Servlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Jetty94Test extends ServletContract {
  @BeforeAll
  static void start() throws Exception {
    install();
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    for (Map.Entry<String, Servlet> servlet : servlets().entrySet()) {
      ServletHolder holder = new ServletHolder(servlet.getValue());
      holder.setAsyncSupported(true);
      context.addServlet(holder, servlet.getKey());
    }
    FilterHolder filter = new FilterHolder(new PassFilter());
    filter.setAsyncSupported(true);
    context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
    server.setHandler(context);
    server.start();
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    container = new Container() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void stop() throws Exception {
        server.stop();
      }
    };
  }

  /** The mappings read once per context (Servlet 3.1) go with the context: 20 applications started and stopped. */
  @Test
  void mappingsOfStoppedContextsAreNotKept() throws Exception {
    int resting = ServletRoutes.MAPPINGS.size();
    for (int i = 0; i < 20; i++) {
      Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
      ServletContextHandler context = new ServletContextHandler();
      context.addServlet(new ServletHolder(new DownstreamServlet()), "/health");
      server.setHandler(context);
      server.start();
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/health").openConnection();
      assertThat(connection.getResponseCode()).isEqualTo(200);
      connection.disconnect();
      server.stop();
      server.destroy();
    }
    assertThat(ServletRoutes.MAPPINGS.size()).isGreaterThan(resting);
    for (int i = 0; i < 50 && ServletRoutes.MAPPINGS.size() > resting; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(ServletRoutes.MAPPINGS.size()).isEqualTo(resting);
  }

  @Override
  boolean routes() {
    return true; // Servlet 3.1: from the servlet path and the registrations' mappings
  }

  @Override
  Class<?> containerClass() {
    return Server.class;
  }
}
