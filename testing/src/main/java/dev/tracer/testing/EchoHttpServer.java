package dev.tracer.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real HTTP peer on loopback for client tests (the JDK's own server, which no instrumentation touches):
 * {@code /status/404} answers 404, anything else 200; remembers the headers of the last request. Every answer
 * carries {@code X-Served-By: echo} and a {@code Set-Cookie} (for header capture and redaction tests).
 */
public final class EchoHttpServer implements AutoCloseable {
  /** The value of the cookie every answer sets: it must never be exported. */
  public static final String SECRET = "hunter2";
  private final HttpServer server;
  private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();

  private EchoHttpServer(HttpServer server) {
    this.server = server;
  }

  public static EchoHttpServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    EchoHttpServer echo = new EchoHttpServer(server);
    server.createContext("/", exchange -> {
      echo.lastHeaders.clear();
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        echo.lastHeaders.put(header.getKey().toLowerCase(java.util.Locale.ROOT), header.getValue().get(0));
      }
      String path = exchange.getRequestURI().getPath();
      int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
      byte[] body = ("status " + status).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("X-Served-By", "echo");
      exchange.getResponseHeaders().add("Set-Cookie", "sid=" + SECRET);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return echo;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** A header of the last request (lower-case name), null when absent. */
  public String lastHeader(String name) {
    return lastHeaders.get(name.toLowerCase(java.util.Locale.ROOT));
  }

  /** A loopback port nothing listens on: connecting to it is refused. */
  public static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
