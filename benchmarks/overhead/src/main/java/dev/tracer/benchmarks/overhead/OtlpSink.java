package dev.tracer.benchmarks.overhead;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The local OTLP/HTTP receiver both agents export to: answers 200 to traces, metrics and logs, and counts the
 * spans it receives (walking the protobuf wire format, no decoding classes) and the metric exports, so each run
 * shows what was exported.
 */
final class OtlpSink implements AutoCloseable {
  private final HttpServer server;
  final AtomicLong spans = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  final AtomicLong metricExports = new AtomicLong();
  final AtomicLong metricBytes = new AtomicLong();

  OtlpSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext("/v1/traces", exchange -> answer(exchange, true));
    server.createContext("/v1/metrics", exchange -> answer(exchange, false));
    server.createContext("/v1/logs", exchange -> answer(exchange, false));
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "otlp-sink");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void answer(HttpExchange exchange, boolean traces) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      bytes.addAndGet(body.length);
      if (exchange.getRequestURI().getPath().equals("/v1/metrics")) {
        metricExports.incrementAndGet();
        metricBytes.addAndGet(body.length);
      }
      if (traces) {
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
          try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            body = in.readAllBytes();
          }
        }
        try {
          spans.addAndGet(countSpans(body));
        } catch (RuntimeException malformed) {
          // counted as no spans; the run's span count shows it
        }
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    } finally {
      exchange.close();
    }
  }

  /** ExportTraceServiceRequest: resource_spans (1) → scope_spans (2) → spans (2). */
  static long countSpans(byte[] request) {
    long count = 0;
    for (Field resourceSpans : fields(request, 0, request.length, 1)) {
      for (Field scopeSpans : fields(request, resourceSpans.start, resourceSpans.end, 2)) {
        count += fields(request, scopeSpans.start, scopeSpans.end, 2).size();
      }
    }
    return count;
  }

  private static final class Field {
    final int start;
    final int end;

    Field(int start, int end) {
      this.start = start;
      this.end = end;
    }
  }

  /** The length-delimited fields numbered {@code number} in {@code buf[from, to)}. */
  private static java.util.List<Field> fields(byte[] buf, int from, int to, int number) {
    java.util.List<Field> found = new java.util.ArrayList<>();
    int[] at = {from};
    while (at[0] < to) {
      long tag = varint(buf, at);
      int wireType = (int) (tag & 7);
      switch (wireType) {
        case 0:
          varint(buf, at);
          break;
        case 1:
          at[0] += 8;
          break;
        case 2:
          int length = (int) varint(buf, at);
          if ((tag >>> 3) == number) {
            found.add(new Field(at[0], at[0] + length));
          }
          at[0] += length;
          break;
        case 5:
          at[0] += 4;
          break;
        default:
          throw new IllegalArgumentException("wire type " + wireType);
      }
    }
    return found;
  }

  private static long varint(byte[] buf, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = buf[at[0]++];
      value |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint too long");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
