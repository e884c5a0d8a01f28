package dev.tracer.example;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front service: starts back, serves {@code /orders/{id}} by asking back, then either sends itself a few
 * requests and exits, or ({@code serve}) serves on the given port until stopped, as the overhead harness needs.
 */
final class FrontService {
  private static final Logger LOG = LoggerFactory.getLogger(FrontService.class);

  private FrontService() {}

  /**
   * {@code port} 0: the demo (two requests, then exit); otherwise serve on that port until the JVM is stopped.
   * Under load (serve) neither service logs each request unless asked: the overhead harness measures the tracing alone.
   */
  static void run(int port, boolean logRequests) throws Exception {
    Process back = startBack(logRequests);
    if (port != 0) {
      // stopping front stops back, which flushes its spans as it shuts down
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(back), "stop-back"));
    }
    try {
      int backPort = awaitPort(back);
      LOG.info("back service up on port {}", backPort); // outside any request: no trace ids
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
      ServletContextHandler context = new ServletContextHandler();
      context.addServlet(new ServletHolder(new HttpServlet() {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
          if (logRequests) {
            LOG.info("asking back for order {}", request.getPathInfo().substring(1));
          }
          try {
            HttpResponse<String> order = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + backPort + "/orders" + request.getPathInfo())).build(),
                HttpResponse.BodyHandlers.ofString());
            response.setStatus(order.statusCode());
            response.getWriter().print(order.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
        }
      }), "/orders/*");
      server.setHandler(context);
      if (port != 0) {
        ((ServerConnector) server.getConnectors()[0]).setPort(port);
        server.start();
        System.out.println("front listening on " + port);
        server.join();
        return;
      }
      server.start();
      int frontPort = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      for (String id : new String[] {"1", "3"}) {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + frontPort + "/orders/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        System.out.println("front GET /orders/" + id + ": " + response.statusCode() + " " + response.body());
      }
      server.stop();
    } finally {
      stop(back);
    }
    System.out.println("done");
  }

  private static void stop(Process back) {
    back.destroy(); // back's agent flushes its spans as it shuts down
    try {
      back.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This same jar as the back service, in a JVM with this JVM's -javaagent, -agentpath and heap options. */
  private static Process startBack(boolean logRequests) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (argument.startsWith("-javaagent:") || argument.startsWith("-agentpath:") || argument.startsWith("-Xm")
          || argument.startsWith("-XX:")) {
        command.add(argument);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ExampleApp.class.getName());
    command.add("back");
    if (!logRequests) {
      command.add("quiet");
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("TRACER_SERVICE_NAME", "example-back");
    builder.environment().put("OTEL_SERVICE_NAME", "example-back");
    return builder.start();
  }

  /** Relays back's standard output and returns the port it prints. */
  private static int awaitPort(Process back) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(back.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("listening on ")) {
        Thread relay = new Thread(() -> out.lines().forEach(l -> System.out.println("back: " + l)), "back-output");
        relay.setDaemon(true);
        relay.start();
        return Integer.parseInt(line.substring("listening on ".length()).trim());
      }
      System.out.println("back: " + line);
    }
    throw new IOException("the back service ended before listening");
  }
}
