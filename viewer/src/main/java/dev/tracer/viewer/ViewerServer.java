package dev.tracer.viewer;

import com.google.gson.stream.JsonWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The viewer's two listeners (JDK {@link HttpServer}): OTLP/HTTP on one port ({@code /v1/traces}, {@code /v1/metrics}),
 * the page and its JSON API on the other. A body that is too large or cannot be decoded gets 400 and one line on
 * standard error with the running count of rejected requests.
 */
final class ViewerServer implements AutoCloseable {
  /** Largest request body accepted (compressed or not). */
  static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;
  /** Up to this much of a too-large body is read and thrown away, so that the sender sees the 400. */
  private static final long MAX_DISCARD_BYTES = 256L * 1024 * 1024;
  private static final int MAX_LISTED = 1000;
  private static final Pattern TRACE_ID = Pattern.compile("(?i)(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])");
  private static final Map<String, String> STATIC = new LinkedHashMap<>();

  static {
    STATIC.put("/", "index.html");
    STATIC.put("/index.html", "index.html");
    STATIC.put("/app.js", "app.js");
    STATIC.put("/app.css", "app.css");
  }

  private final TraceStore store;
  private final PrintStream log;
  private final HttpServer otlp;
  private final HttpServer ui;
  private final ExecutorService executor;
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong acceptedRequests = new AtomicLong();
  private final AtomicLong metricPoints = new AtomicLong();
  private final AtomicLong invalidSpans = new AtomicLong();
  /** Whether this server's threads are the agent's InternalThread (the viewer runs under -javaagent:tracer.jar). */
  private final boolean agentInternalThreads;

  ViewerServer(TraceStore store, String host, int uiPort, int otlpPort, PrintStream log) throws IOException {
    this.store = store;
    this.log = log;
    Constructor<?> internalThread = internalThread();
    agentInternalThreads = internalThread != null;
    executor = Executors.newFixedThreadPool(4, threads(internalThread));
    otlp = HttpServer.create(new InetSocketAddress(host, otlpPort), 64);
    otlp.createContext("/v1/traces", exchange -> serve(exchange, this::traces));
    otlp.createContext("/v1/metrics", exchange -> serve(exchange, this::metrics));
    otlp.createContext("/", exchange -> serve(exchange, e -> respond(e, 404, "text/plain", bytes("OTLP/HTTP: POST /v1/traces"))));
    otlp.setExecutor(executor);
    ui = HttpServer.create(new InetSocketAddress(host, uiPort), 64);
    ui.createContext("/", exchange -> serve(exchange, this::page));
    ui.createContext("/api/", exchange -> serve(exchange, this::api));
    ui.setExecutor(executor);
    otlp.start();
    ui.start();
  }

  int uiPort() {
    return ui.getAddress().getPort();
  }

  int otlpPort() {
    return otlp.getAddress().getPort();
  }

  long rejected() {
    return rejected.get();
  }

  /**
   * The agent's {@code InternalThread} when the viewer runs under {@code -javaagent:tracer.jar} (found on the boot
   * class path): nothing those threads do is ever traced. Plain daemon threads otherwise.
   */
  private static ThreadFactory threads(Constructor<?> constructor) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      String name = "tracer-view-http-" + count.incrementAndGet();
      if (constructor != null) {
        try {
          return (Thread) constructor.newInstance(task, name);
        } catch (ReflectiveOperationException e) {
          // fall through to a plain thread
        }
      }
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private static Constructor<?> internalThread() {
    try {
      return Class.forName("dev.tracer.bootstrap.InternalThread", false, null).getConstructor(Runnable.class, String.class);
    } catch (ReflectiveOperationException | LinkageError notUnderTheAgent) {
      return null;
    }
  }

  private interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  private void serve(HttpExchange exchange, Handler handler) {
    try {
      handler.handle(exchange);
    } catch (OtlpDecoding.BadRequest e) {
      reject(exchange, e.getMessage());
    } catch (Exception | StackOverflowError e) {
      log.println("[tracer view] " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath()
          + " failed: " + OtlpDecoding.oneLine(e));
      try {
        respond(exchange, 500, "text/plain", bytes("failed"));
      } catch (IOException | RuntimeException ignored) {
        // the connection is gone
      }
    } finally {
      exchange.close();
    }
  }

  private void reject(HttpExchange exchange, String reason) {
    long count = rejected.incrementAndGet();
    log.println("[tracer view] rejected request " + count + " (" + exchange.getRequestMethod() + " "
        + exchange.getRequestURI().getPath() + " from " + exchange.getRemoteAddress().getAddress().getHostAddress()
        + "): " + reason);
    try {
      respond(exchange, 400, "text/plain", bytes("bad request: " + reason));
    } catch (IOException | RuntimeException ignored) {
      // the sender hung up
    }
  }

  /** The request body, decompressed, within {@link #MAX_REQUEST_BYTES}. */
  private static byte[] body(HttpExchange exchange) throws IOException, OtlpDecoding.BadRequest {
    if (!exchange.getRequestMethod().equals("POST")) {
      throw new OtlpDecoding.BadRequest("method " + exchange.getRequestMethod() + " (OTLP/HTTP is POST)");
    }
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    InputStream in = exchange.getRequestBody();
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new OtlpDecoding.BadRequest("Content-Length " + length);
      }
      if (declared > MAX_REQUEST_BYTES) {
        discard(in);
        throw new OtlpDecoding.BadRequest("body of " + declared + " bytes, more than " + MAX_REQUEST_BYTES);
      }
    }
    byte[] raw;
    try {
      raw = OtlpDecoding.read(in, MAX_REQUEST_BYTES);
    } catch (OtlpDecoding.BadRequest tooLarge) {
      discard(in);
      throw tooLarge;
    }
    return OtlpDecoding.inflate(raw, exchange.getRequestHeaders().getFirst("Content-Encoding"), MAX_REQUEST_BYTES);
  }

  private static void discard(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while (total < MAX_DISCARD_BYTES && (n = in.read(buffer)) > 0) {
      total += n;
    }
  }

  private void traces(HttpExchange exchange) throws Exception {
    byte[] body = body(exchange);
    boolean json = OtlpDecoding.isJson(exchange.getRequestHeaders().getFirst("Content-Type"));
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    OtlpDecoding.merge(body, json, request);
    int[] invalid = new int[1];
    store.add(StoredSpan.from(request.build(), invalid));
    invalidSpans.addAndGet(invalid[0]);
    acceptedRequests.incrementAndGet();
    ExportTraceServiceResponse response = ExportTraceServiceResponse.getDefaultInstance();
    if (json) {
      respond(exchange, 200, "application/json", bytes("{}"));
    } else {
      respond(exchange, 200, "application/x-protobuf", response.toByteArray());
    }
  }

  /** The agent sends its metrics where it sends its spans: accepted and counted, not shown. */
  private void metrics(HttpExchange exchange) throws Exception {
    byte[] body = body(exchange);
    boolean json = OtlpDecoding.isJson(exchange.getRequestHeaders().getFirst("Content-Type"));
    ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
    OtlpDecoding.merge(body, json, request);
    long points = request.getResourceMetricsList().stream().flatMap(r -> r.getScopeMetricsList().stream())
        .mapToLong(s -> s.getMetricsCount()).sum();
    metricPoints.addAndGet(points);
    acceptedRequests.incrementAndGet();
    if (json) {
      respond(exchange, 200, "application/json", bytes("{}"));
    } else {
      respond(exchange, 200, "application/x-protobuf", ExportMetricsServiceResponse.getDefaultInstance().toByteArray());
    }
  }

  private void page(HttpExchange exchange) throws IOException {
    String file = STATIC.get(exchange.getRequestURI().getPath());
    if (file == null || !exchange.getRequestMethod().equals("GET")) {
      respond(exchange, 404, "text/plain", bytes("not found"));
      return;
    }
    byte[] content;
    try (InputStream in = ViewerServer.class.getResourceAsStream("ui/" + file)) {
      if (in == null) {
        respond(exchange, 500, "text/plain", bytes(file + " is missing from the jar"));
        return;
      }
      content = in.readAllBytes();
    }
    String type = file.endsWith(".html") ? "text/html; charset=utf-8"
        : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    respond(exchange, 200, type, content);
  }

  private void api(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    StringWriter text = new StringWriter();
    JsonWriter json = new JsonWriter(text);
    if (path.equals("/api/traces")) {
      traceList(json, query);
    } else if (path.startsWith("/api/trace/")) {
      TraceStore.Trace trace = store.trace(path.substring("/api/trace/".length()).toLowerCase());
      if (trace == null) {
        respond(exchange, 404, "application/json", bytes("{\"error\":\"no such trace (evicted, or not received)\"}"));
        return;
      }
      trace(json, trace);
    } else if (path.equals("/api/routes")) {
      routes(json);
    } else if (path.equals("/api/stats")) {
      stats(json);
    } else {
      respond(exchange, 404, "application/json", bytes("{\"error\":\"not found\"}"));
      return;
    }
    json.flush();
    respond(exchange, 200, "application/json", bytes(text.toString()));
  }

  private void traceList(JsonWriter json, Map<String, String> query) throws IOException {
    TraceStore.Filter filter = new TraceStore.Filter();
    filter.service = blankToNull(query.get("service"));
    filter.name = blankToNull(query.get("name"));
    filter.errorsOnly = "true".equals(query.get("errors")) || "1".equals(query.get("errors"));
    String minMs = blankToNull(query.get("minMs"));
    if (minMs != null) {
      try {
        filter.minDurationNanos = (long) (Double.parseDouble(minMs) * 1_000_000);
      } catch (NumberFormatException ignored) {
        // not a number: no minimum
      }
    }
    String traceId = blankToNull(query.get("traceId"));
    if (traceId != null) {
      // a log line pasted whole: the first 32-hex-digit word in it
      Matcher id = TRACE_ID.matcher(traceId);
      filter.traceId = id.find() ? id.group().toLowerCase() : "-";
    }
    int[] total = new int[1];
    long version = store.version();
    List<TraceStore.Summary> traces = store.list(filter, MAX_LISTED, total);
    json.beginObject();
    json.name("version").value(version);
    json.name("total").value(total[0]);
    json.name("traces").beginArray();
    for (TraceStore.Summary trace : traces) {
      json.beginObject();
      json.name("traceId").value(trace.traceId);
      json.name("service").value(trace.service);
      json.name("name").value(trace.name);
      json.name("startMs").value(trace.startNanos / 1_000_000);
      json.name("durationNs").value(trace.durationNanos);
      json.name("spans").value(trace.spans);
      json.name("error").value(trace.error);
      json.name("services").beginArray();
      for (String service : trace.services) {
        json.value(service);
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();
    json.name("services").beginObject();
    for (Map.Entry<String, Set<String>> service : store.services().entrySet()) {
      json.name(service.getKey()).beginArray();
      for (String name : service.getValue()) {
        json.value(name);
      }
      json.endArray();
    }
    json.endObject();
    json.endObject();
  }

  private static void trace(JsonWriter json, TraceStore.Trace trace) throws IOException {
    json.beginObject();
    json.name("traceId").value(trace.traceId);
    json.name("startNs").value(trace.startNanos);
    json.name("durationNs").value(trace.durationNanos());
    json.name("version").value(trace.version);
    json.name("spans").beginArray();
    for (StoredSpan span : trace.spans) {
      json.beginObject();
      json.name("spanId").value(span.spanId);
      json.name("parentSpanId").value(span.parentSpanId);
      json.name("name").value(span.name);
      json.name("service").value(span.service);
      json.name("scope").value(span.scope);
      json.name("kind").value(kind(span.kind));
      json.name("startNs").value(span.startNanos - trace.startNanos);
      json.name("durationNs").value(span.durationNanos());
      json.name("status").value(span.status == 2 ? "ERROR" : span.status == 1 ? "OK" : "UNSET");
      json.name("statusMessage").value(span.statusMessage);
      json.name("attributes");
      pairs(json, span.attributes);
      json.name("resource");
      pairs(json, span.resource);
      json.name("events").beginArray();
      for (StoredSpan.Event event : span.events) {
        json.beginObject();
        json.name("name").value(event.name);
        json.name("offsetNs").value(event.timeNanos - span.startNanos);
        json.name("attributes");
        pairs(json, event.attributes);
        json.endObject();
      }
      json.endArray();
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  private static void pairs(JsonWriter json, String[] pairs) throws IOException {
    json.beginObject();
    for (int i = 0; i < pairs.length; i += 2) {
      json.name(pairs[i]).value(pairs[i + 1]);
    }
    json.endObject();
  }

  private void routes(JsonWriter json) throws IOException {
    json.beginObject();
    json.name("version").value(store.version());
    json.name("routes").beginArray();
    for (TraceStore.Route route : store.routes()) {
      json.beginObject();
      json.name("service").value(route.service);
      json.name("name").value(route.name);
      json.name("count").value(route.count);
      json.name("errors").value(route.errors);
      json.name("perSecond").value(route.perSecond);
      json.name("p50Ns").value(route.p50);
      json.name("p95Ns").value(route.p95);
      json.name("p99Ns").value(route.p99);
      json.name("maxNs").value(route.max);
      json.endObject();
    }
    json.endArray();
    json.endObject();
  }

  private void stats(JsonWriter json) throws IOException {
    json.beginObject();
    json.name("version").value(store.version());
    json.name("traces").value(store.traceCount());
    json.name("spans").value(store.spanCount());
    json.name("bytes").value(store.bytes());
    json.name("evictedTraces").value(store.evictedTraces());
    json.name("evictedSpans").value(store.evictedSpans());
    json.name("rejectedRequests").value(rejected.get());
    json.name("acceptedRequests").value(acceptedRequests.get());
    json.name("invalidSpans").value(invalidSpans.get());
    json.name("metrics").value(metricPoints.get());
    json.name("agentInternalThreads").value(agentInternalThreads);
    json.endObject();
  }

  static String kind(int kind) {
    switch (kind) {
      case 1:
        return "INTERNAL";
      case 2:
        return "SERVER";
      case 3:
        return "CLIENT";
      case 4:
        return "PRODUCER";
      case 5:
        return "CONSUMER";
      default:
        return "UNSPECIFIED";
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null) {
      return values;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      try {
        String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException malformed) {
        // skipped
      }
    }
    return values;
  }

  private static String blankToNull(String value) {
    return value == null || value.trim().isEmpty() ? null : value.trim();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    otlp.stop(0);
    ui.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
