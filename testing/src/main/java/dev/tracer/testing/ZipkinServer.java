package dev.tracer.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

/**
 * A real Zipkin server (the {@code zipkin-server} executable jar, in-memory storage) on loopback, started once
 * per test JVM (it takes ~15 s) and stopped with it. The jar comes from Maven: the module's build copies it
 * and passes its path as the {@code zipkin.server.jar} system property.
 */
public final class ZipkinServer {
  private static ZipkinServer shared;

  private final Process process;
  private final int port;

  private ZipkinServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static synchronized ZipkinServer shared() throws Exception {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  private static ZipkinServer start() throws Exception {
    String jar = System.getProperty("zipkin.server.jar");
    if (jar == null || !new File(jar).isFile()) {
      throw new IllegalStateException("zipkin.server.jar is not set to the zipkin-server executable jar: " + jar);
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    File log = new File(new File(jar).getParentFile(), "zipkin-server.log");
    Process process = new ProcessBuilder(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar,
        "--server.port=" + port, "--server.address=127.0.0.1")
        .redirectErrorStream(true).redirectOutput(log).start();
    ZipkinServer server = new ZipkinServer(process, port);
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    boolean up = Waiting.until(() -> !process.isAlive() || server.get("/health") != null, 90);
    if (!up || !process.isAlive()) {
      process.destroyForcibly();
      throw new IllegalStateException("Zipkin server did not start, see " + log);
    }
    return server;
  }

  static String javaBinary() {
    return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
  }

  public int port() {
    return port;
  }

  /** The span endpoint, as a user would set {@code TRACER_ZIPKIN_ENDPOINT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port + "/api/v2/spans";
  }

  /** Every span Zipkin holds for the service, over all its traces. */
  public List<Span> spans(String serviceName) {
    String json = get("/api/v2/traces?limit=1000&lookback=86400000&serviceName=" + serviceName);
    if (json == null) {
      return java.util.Collections.emptyList();
    }
    // a list of traces, each a list of spans: flatten to one list for the decoder
    String flat = json.trim();
    flat = flat.substring(1, flat.length() - 1).replace("],[", ",");
    if (flat.isEmpty()) {
      flat = "[]";
    }
    return SpanBytesDecoder.JSON_V2.decodeList(flat.getBytes(StandardCharsets.UTF_8));
  }

  public List<Span> awaitSpans(String serviceName, int count, int seconds) {
    Waiting.until(() -> spans(serviceName).size() >= count, seconds);
    return spans(serviceName);
  }

  /** The body of a GET, or null when not answered with 200. */
  String get(String path) {
    try {
      HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(5000);
      if (connection.getResponseCode() != 200) {
        return null;
      }
      try (InputStream in = connection.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return null;
    }
  }
}
