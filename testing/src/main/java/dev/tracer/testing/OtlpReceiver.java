package dev.tracer.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver on loopback: decodes each request with the OpenTelemetry protobuf classes, as a
 * collector would, and keeps the spans ({@code /v1/traces}) and metric requests ({@code /v1/metrics}) for
 * assertions. Can be told to fail (status code) or hang, for faults; that applies to both signals.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> requestHeaders = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metricRequests = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> metricRequestHeaders = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  /** Statuses to answer the next requests with, one each, before {@link #status} again. */
  private final java.util.Queue<Integer> nextStatuses = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private volatile boolean hang;
  /** Sent as {@code Retry-After} with every answer that is not 200, or null. */
  private volatile String retryAfter;
  private final String scheme;

  public OtlpReceiver() throws IOException {
    this(null, false);
  }

  /**
   * Over HTTPS with {@code tls} (its key and certificate; with {@code needClientAuth}, the CAs whose client
   * certificates it accepts): a handshake without an accepted client certificate is refused.
   */
  public OtlpReceiver(javax.net.ssl.SSLContext tls, boolean needClientAuth) throws IOException {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
    if (tls == null) {
      server = HttpServer.create(address, 50);
      scheme = "http";
    } else {
      com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 50);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
        @Override
        public void configure(com.sun.net.httpserver.HttpsParameters params) {
          javax.net.ssl.SSLParameters parameters = tls.getDefaultSSLParameters();
          parameters.setNeedClientAuth(needClientAuth);
          params.setSSLParameters(parameters);
        }
      });
      server = https;
      scheme = "https";
    }
    server.createContext("/v1/traces", exchange -> handle(exchange, requestHeaders, this::traces));
    server.createContext("/v1/metrics", exchange -> handle(exchange, metricRequestHeaders,
        body -> metricRequests.add(ExportMetricsServiceRequest.parseFrom(body))));
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "otlp-receiver");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  /** Base endpoint, as for {@code TRACER_OTLP_ENDPOINT}. */
  public String endpoint() {
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Answer every request with this status from now on (200 = accept). */
  public void respondWith(int statusCode) {
    this.status = statusCode;
  }

  /** Answer the next requests with these statuses, one each (e.g. 503, 503), then as before. */
  public void respondNext(int... statusCodes) {
    for (int code : statusCodes) {
      nextStatuses.add(code);
    }
  }

  /** Answers that are not 200 carry {@code Retry-After: <value>} (null: none). */
  public void retryAfter(String value) {
    this.retryAfter = value;
  }

  /** Accept requests but never answer them (until {@link #close}). */
  public void hang(boolean on) {
    this.hang = on;
  }

  /** Decodes one accepted request body. */
  private interface Decoder {
    void decode(byte[] body) throws IOException;
  }

  private void traces(byte[] body) throws IOException {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(new ReceivedSpan(span, resource, scopeSpans.getScope().getName()));
        }
      }
    }
  }

  private void handle(HttpExchange exchange, List<Map<String, String>> headerLog, Decoder decoder) throws IOException {
    try {
      byte[] body = readAll(exchange.getRequestBody());
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = readAll(new GZIPInputStream(new java.io.ByteArrayInputStream(body)));
      }
      Map<String, String> headers = new LinkedHashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
      headerLog.add(headers);
      while (hang) {
        Thread.sleep(50);
      }
      Integer next = nextStatuses.poll();
      int code = next != null ? next : status;
      if (code == 200) {
        decoder.decode(body);
      }
      byte[] response = new byte[0];
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      String wait = retryAfter;
      if (code != 200 && wait != null) {
        exchange.getResponseHeaders().add("Retry-After", wait);
      }
      exchange.sendResponseHeaders(code, code == 200 ? -1 : 0);
      exchange.getResponseBody().write(response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  private static Map<String, Object> attributes(Resource resource) {
    return toMap(resource.getAttributesList());
  }

  public static Map<String, Object> toMap(List<KeyValue> keyValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue kv : keyValues) {
      map.put(kv.getKey(), value(kv.getValue()));
    }
    return map;
  }

  private static Object value(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case INT_VALUE:
        return value.getIntValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      default:
        return value.toString();
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  public List<ReceivedSpan> spans() {
    return Collections.unmodifiableList(new ArrayList<>(spans));
  }

  /** Headers of the trace requests. */
  public List<Map<String, String>> requestHeaders() {
    return Collections.unmodifiableList(new ArrayList<>(requestHeaders));
  }

  /** Every accepted {@code /v1/metrics} request, as decoded. */
  public List<ExportMetricsServiceRequest> metricRequests() {
    return Collections.unmodifiableList(new ArrayList<>(metricRequests));
  }

  public List<Map<String, String>> metricRequestHeaders() {
    return Collections.unmodifiableList(new ArrayList<>(metricRequestHeaders));
  }

  /** What arrived on {@code /v1/metrics} so far, for lookups. */
  public ReceivedMetrics metrics() {
    return new ReceivedMetrics(metricRequests());
  }

  /** Waits up to {@code timeoutSeconds} until the metrics received satisfy {@code done}; returns whether they did. */
  public boolean awaitMetrics(Predicate<ReceivedMetrics> done, int timeoutSeconds) {
    return Waiting.until(() -> done.test(metrics()), timeoutSeconds);
  }

  public void clear() {
    spans.clear();
    requestHeaders.clear();
    metricRequests.clear();
    metricRequestHeaders.clear();
  }

  /** Waits up to {@code timeoutSeconds} for at least {@code count} spans; returns what arrived. */
  public List<ReceivedSpan> awaitSpans(int count, int timeoutSeconds) throws InterruptedException {
    return await(s -> s.size() >= count, timeoutSeconds);
  }

  public List<ReceivedSpan> await(Predicate<List<ReceivedSpan>> done, int timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!done.test(spans()) && System.nanoTime() < deadline) {
      Thread.sleep(25);
    }
    return spans();
  }

  @Override
  public void close() {
    hang = false;
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
