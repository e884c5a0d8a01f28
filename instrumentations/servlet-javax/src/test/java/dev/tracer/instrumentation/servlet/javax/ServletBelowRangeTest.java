package dev.tracer.instrumentation.servlet.javax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/**
 * Tomcat 7, Servlet 3.0, below the range (3.1 is the oldest API claimed): one "not supported" line, no SERVER
 * span, and the requests are answered as without the agent (no header added). Run by the execution
 * {@code below} only; written against the API Tomcat 7 and 9 share.
 */
class ServletBelowRangeTest {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static final class Orders extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      if (request.getRequestURI().endsWith("/missing")) {
        response.sendError(404);
        return;
      }
      response.setHeader("X-App", "orders");
      response.getWriter().print("order " + request.getPathInfo());
    }
  }

  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(Tomcat.class);

    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector();
    Context context = tomcat.addContext("", null);
    Wrapper wrapper = Tomcat.addServlet(context, "orders", new Orders());
    wrapper.addMapping("/orders/*");
    tomcat.start();
    try {
      int port = tomcat.getConnector().getLocalPort();
      HttpResponse<String> order = get(port, "/orders/42");
      assertThat(order.statusCode()).isEqualTo(200);
      assertThat(order.body()).isEqualTo("order /42");
      assertThat(order.headers().firstValue("X-App")).hasValue("orders");
      assertThat(order.headers().firstValue("traceresponse")).isEmpty();
      assertThat(get(port, "/orders/missing").statusCode()).isEqualTo(404);
    } finally {
      tomcat.stop();
      tomcat.destroy();
    }

    assertThat(AgentTesting.exported()).isEmpty();
    assertThat(AgentConsole.notSupported("servlet")).hasSize(1);
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
