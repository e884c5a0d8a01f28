package dev.tracer.testing;

import com.sun.net.httpserver.HttpServer;
import io.jaegertracing.thriftjava.Batch;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.protocol.TBinaryProtocol;

/**
 * A Jaeger collector's Thrift-over-HTTP endpoint ({@code POST /api/traces}) on loopback: each body is decoded
 * with Jaeger's own generated classes and the binary protocol, exactly as the collector does.
 */
public final class JaegerReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<Batch> batches = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();

  public JaegerReceiver() throws IOException {
    this(0);
  }

  public JaegerReceiver(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/api/traces", exchange -> {
      int status = 202;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        Batch batch = new Batch();
        new TDeserializer(new TBinaryProtocol.Factory()).deserialize(batch, body);
        contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        batches.add(batch);
      } catch (Exception e) {
        status = 400;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port() + "/api/traces";
  }

  public List<Batch> batches() {
    return new ArrayList<>(batches);
  }

  public List<String> contentTypes() {
    return new ArrayList<>(contentTypes);
  }

  public List<io.jaegertracing.thriftjava.Span> spans() {
    List<io.jaegertracing.thriftjava.Span> spans = new ArrayList<>();
    for (Batch batch : batches) {
      spans.addAll(batch.getSpans());
    }
    return spans;
  }

  /** Waits (up to {@code seconds}) for at least {@code count} spans. */
  public List<io.jaegertracing.thriftjava.Span> awaitSpans(int count, int seconds) {
    Waiting.until(() -> spans().size() >= count, seconds);
    return spans();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
