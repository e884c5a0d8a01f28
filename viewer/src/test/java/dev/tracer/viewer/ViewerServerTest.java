package dev.tracer.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The viewer's receiver and API in this JVM on loopback ports: what a sender posts is what the page is given. */
class ViewerServerTest {
  private static final long MS = 1_000_000L;
  private static final long T0 = 1_700_000_000_000L * MS;

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final HttpClient client = HttpClient.newHttpClient();
  private ViewerServer server;

  private ViewerServer start(int maxSpans) throws Exception {
    Viewer.Options options = new Viewer.Options();
    options.port = 0;
    options.otlpPort = 0;
    options.maxSpans = maxSpans;
    server = Viewer.start(options, new PrintStream(logged, true, StandardCharsets.UTF_8));
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static String id(int bytes, long value) {
    return String.format("%0" + (2 * bytes) + "x", value);
  }

  static Span span(String traceId, String spanId, String parentId, String name, Span.SpanKind kind, long startMs,
      long durationMs, boolean error, String... attributes) {
    Span.Builder span = Span.newBuilder().setTraceId(bytes(traceId)).setSpanId(bytes(spanId)).setName(name).setKind(kind)
        .setStartTimeUnixNano(T0 + startMs * MS).setEndTimeUnixNano(T0 + (startMs + durationMs) * MS);
    if (parentId != null) {
      span.setParentSpanId(bytes(parentId));
    }
    if (error) {
      span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
      span.addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(T0 + startMs * MS)
          .addAttributes(kv("exception.type", "java.sql.SQLException"))
          .addAttributes(kv("exception.stacktrace", "java.sql.SQLException: boom\n\tat Orders.find(Orders.java:42)")));
    }
    for (int i = 0; i < attributes.length; i += 2) {
      span.addAttributes(kv(attributes[i], attributes[i + 1]));
    }
    return span.build();
  }

  static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static ByteString bytes(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return ByteString.copyFrom(out);
  }

  static ExportTraceServiceRequest request(String service, Span... spans) {
    return request(service, Arrays.asList(spans));
  }

  static ExportTraceServiceRequest request(String service, List<Span> spans) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(kv("service.name", service)))
        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build();
  }

  private HttpResponse<String> post(String path, byte[] body, String contentType, String encoding) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.otlpPort() + path))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postProtobuf(ExportTraceServiceRequest request) throws Exception {
    return post("/v1/traces", request.toByteArray(), "application/x-protobuf", null);
  }

  private JsonObject api(String path) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.uiPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JsonParser.parseString(response.body()).getAsJsonObject();
  }

  private int status(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.uiPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void spansOfOneTraceFromTwoServicesAreOneTrace() throws Exception {
    start(100_000);
    String trace = id(16, 0xabcdef1234L);
    String frontServer = id(8, 1);
    String frontClient = id(8, 2);
    String backServer = id(8, 3);
    // back exports first (its request ends first), protobuf gzip; front as OTLP/JSON with hex ids
    ExportTraceServiceRequest back = request("back",
        span(trace, backServer, frontClient, "GET /orders/*", Span.SpanKind.SPAN_KIND_SERVER, 2, 6, false, "http.route", "/orders/*"),
        span(trace, id(8, 4), backServer, "SELECT orders", Span.SpanKind.SPAN_KIND_CLIENT, 3, 4, true, "db.system", "h2"));
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(back.toByteArray());
    }
    assertThat(post("/v1/traces", gzipped.toByteArray(), "application/x-protobuf", "gzip").statusCode()).isEqualTo(200);
    String front = "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"front\"}}]},"
        + "\"scopeSpans\":[{\"scope\":{\"name\":\"tracer\"},\"spans\":["
        + "{\"traceId\":\"" + trace.toUpperCase() + "\",\"spanId\":\"" + frontServer + "\",\"name\":\"GET /orders/*\",\"kind\":2,"
        + "\"startTimeUnixNano\":\"" + T0 + "\",\"endTimeUnixNano\":\"" + (T0 + 10 * MS) + "\","
        + "\"attributes\":[{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"200\"}}]},"
        + "{\"traceId\":\"" + trace + "\",\"spanId\":\"" + frontClient + "\",\"parentSpanId\":\"" + frontServer + "\","
        + "\"name\":\"GET\",\"kind\":3,\"startTimeUnixNano\":" + (T0 + MS) + ",\"endTimeUnixNano\":" + (T0 + 9 * MS) + "}]}]}]}";
    HttpResponse<String> json = post("/v1/traces", front.getBytes(StandardCharsets.UTF_8), "application/json", null);
    assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
    assertThat(json.body()).isEqualTo("{}");
    // another trace, without errors, later
    postProtobuf(request("front", span(id(16, 99), id(8, 9), null, "GET /health", Span.SpanKind.SPAN_KIND_SERVER, 50, 1, false)));

    JsonObject list = api("/api/traces");
    assertThat(list.get("total").getAsInt()).isEqualTo(2);
    JsonArray traces = list.getAsJsonArray("traces");
    assertThat(traces.get(0).getAsJsonObject().get("name").getAsString()).as("newest first").isEqualTo("GET /health");
    JsonObject joined = traces.get(1).getAsJsonObject();
    assertThat(joined.get("traceId").getAsString()).isEqualTo(trace);
    assertThat(joined.get("service").getAsString()).isEqualTo("front");
    assertThat(joined.get("name").getAsString()).isEqualTo("GET /orders/*");
    assertThat(joined.get("spans").getAsInt()).isEqualTo(4);
    assertThat(joined.get("durationNs").getAsLong()).isEqualTo(10 * MS);
    assertThat(joined.get("error").getAsBoolean()).isTrue();
    assertThat(strings(joined.getAsJsonArray("services"))).containsExactly("back", "front");
    assertThat(list.getAsJsonObject("services").keySet()).containsExactly("back", "front");

    JsonObject detail = api("/api/trace/" + trace);
    List<String> shapes = new ArrayList<>();
    for (JsonElement element : detail.getAsJsonArray("spans")) {
      JsonObject span = element.getAsJsonObject();
      shapes.add(span.get("service").getAsString() + " " + span.get("kind").getAsString() + " " + span.get("name").getAsString()
          + " parent=" + span.get("parentSpanId").getAsString() + " +" + span.get("startNs").getAsLong() / MS
          + " " + span.get("durationNs").getAsLong() / MS + "ms " + span.get("status").getAsString());
    }
    assertThat(shapes).containsExactlyInAnyOrder(
        "front SERVER GET /orders/* parent= +0 10ms UNSET",
        "front CLIENT GET parent=" + frontServer + " +1 8ms UNSET",
        "back SERVER GET /orders/* parent=" + frontClient + " +2 6ms UNSET",
        "back CLIENT SELECT orders parent=" + backServer + " +3 4ms ERROR");
    JsonObject select = find(detail, "SELECT orders");
    assertThat(select.getAsJsonObject("attributes").get("db.system").getAsString()).isEqualTo("h2");
    assertThat(select.getAsJsonObject("resource").get("service.name").getAsString()).isEqualTo("back");
    JsonObject exception = select.getAsJsonArray("events").get(0).getAsJsonObject();
    assertThat(exception.get("name").getAsString()).isEqualTo("exception");
    assertThat(exception.getAsJsonObject("attributes").get("exception.stacktrace").getAsString()).contains("Orders.java:42");
    assertThat(find(detail, "GET /orders/*").getAsJsonObject("attributes").get("http.response.status_code").getAsString())
        .as("an int attribute from JSON").isEqualTo("200");

    // filters: a log line holding the id, service, name or route, errors, minimum duration
    String logLine = "2026-01-01 12:00:00 INFO  FrontService trace_id=" + trace + " span_id=" + frontServer + " - asking back";
    assertThat(ids(api("/api/traces?traceId=" + URLEncoder.encode(logLine, StandardCharsets.UTF_8)))).containsExactly(trace);
    assertThat(ids(api("/api/traces?traceId=" + id(16, 7)))).isEmpty();
    assertThat(ids(api("/api/traces?service=back"))).containsExactly(trace);
    assertThat(ids(api("/api/traces?name=health"))).containsExactly(id(16, 99));
    assertThat(ids(api("/api/traces?name=%2Forders%2F"))).containsExactly(trace);
    assertThat(ids(api("/api/traces?errors=true"))).containsExactly(trace);
    assertThat(ids(api("/api/traces?minMs=5"))).containsExactly(trace);
    assertThat(status("/api/trace/" + id(16, 12345))).isEqualTo(404);
    assertThat(status("/../../etc/passwd")).isEqualTo(404);
    assertThat(status("/app.js")).isEqualTo(200);
    assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void redNumbersPerRouteFromServerSpans() throws Exception {
    start(100_000);
    List<Span> spans = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      // 20 requests over 19 s, durations 1..20 ms, two failed
      spans.add(span(id(16, 1000 + i), id(8, 1), null, "GET /orders/*", Span.SpanKind.SPAN_KIND_SERVER, (i - 1) * 1000L, i,
          i == 7 || i == 13));
      spans.add(span(id(16, 1000 + i), id(8, 2), id(8, 1), "SELECT orders", Span.SpanKind.SPAN_KIND_CLIENT, (i - 1) * 1000L, 1, false));
    }
    spans.add(span(id(16, 5000), id(8, 1), null, "POST /pay", Span.SpanKind.SPAN_KIND_SERVER, 0, 3, false,
        "http.response.status_code", "503"));
    postProtobuf(request("shop", spans));
    JsonArray routes = api("/api/routes").getAsJsonArray("routes");
    assertThat(routes.size()).as("SERVER spans only, per route").isEqualTo(2);
    JsonObject orders = routes.get(0).getAsJsonObject();
    assertThat(orders.get("name").getAsString()).isEqualTo("GET /orders/*");
    assertThat(orders.get("count").getAsInt()).isEqualTo(20);
    assertThat(orders.get("errors").getAsInt()).isEqualTo(2);
    assertThat(orders.get("perSecond").getAsDouble()).isBetween(20 / 19.1, 20 / 18.9);
    assertThat(orders.get("p50Ns").getAsLong()).isEqualTo(10 * MS);
    assertThat(orders.get("p95Ns").getAsLong()).isEqualTo(19 * MS);
    assertThat(orders.get("p99Ns").getAsLong()).isEqualTo(20 * MS);
    JsonObject pay = routes.get(1).getAsJsonObject();
    assertThat(pay.get("errors").getAsInt()).as("an HTTP 5xx is an error").isEqualTo(1);
  }

  @Test
  void badRequestsGet400AndOneCountedLineEach() throws Exception {
    start(100_000);
    byte[] garbage = "this is not protobuf \u0000\u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1);
    List<HttpResponse<String>> responses = new ArrayList<>();
    responses.add(post("/v1/traces", garbage, "application/x-protobuf", null));
    responses.add(post("/v1/traces", "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8), "application/json", null));
    responses.add(post("/v1/traces", "[1,2,3]".getBytes(StandardCharsets.UTF_8), "application/json", null));
    responses.add(post("/v1/traces", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}"
        .getBytes(StandardCharsets.UTF_8), "application/json", null));
    responses.add(post("/v1/traces", garbage, "application/x-protobuf", "gzip"));
    responses.add(post("/v1/traces", garbage, "application/x-protobuf", "br"));
    responses.add(post("/v1/metrics", garbage, "application/x-protobuf", null));
    // 50 MB, over the 16 MiB limit
    byte[] huge = new byte[50 * 1024 * 1024];
    Arrays.fill(huge, (byte) 'x');
    responses.add(post("/v1/traces", huge, "application/x-protobuf", null));
    // a small gzip body that inflates past the limit
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
      for (int i = 0; i < 20; i++) {
        gzip.write(new byte[1024 * 1024]);
      }
    }
    responses.add(post("/v1/traces", bomb.toByteArray(), "application/x-protobuf", "gzip"));
    huge = null;
    assertThat(responses).extracting(HttpResponse::statusCode).as(logged.toString(StandardCharsets.UTF_8)).containsOnly(400);
    List<String> lines = logged.toString(StandardCharsets.UTF_8).lines().collect(java.util.stream.Collectors.toList());
    assertThat(lines).hasSize(responses.size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).startsWith("[tracer view] rejected request " + (i + 1) + " (POST /v1/");
    }
    assertThat(lines.get(7)).contains("52428800 bytes, more than 16777216");
    assertThat(lines.get(8)).contains("larger than 16777216");
    assertThat(server.rejected()).isEqualTo(responses.size());
    // and it goes on receiving
    assertThat(postProtobuf(request("ok", span(id(16, 1), id(8, 1), null, "GET /", Span.SpanKind.SPAN_KIND_SERVER, 0, 1, false)))
        .statusCode()).isEqualTo(200);
    JsonObject stats = api("/api/stats");
    assertThat(stats.get("spans").getAsInt()).isEqualTo(1);
    assertThat(stats.get("rejectedRequests").getAsInt()).isEqualTo(responses.size());
  }

  /** The page reads while spans of the same traces keep arriving: every answer is whole, nothing fails. */
  @Test
  void readsWhileSpansArrive() throws Exception {
    start(100_000);
    List<Span> roots = new ArrayList<>();
    for (int t = 0; t < 20; t++) {
      roots.add(span(id(16, t + 1), id(8, 1), null, "GET /t", Span.SpanKind.SPAN_KIND_SERVER, 0, 500, false));
    }
    postProtobuf(request("front", roots));
    Thread sender = new Thread(() -> {
      try {
        for (int i = 0; i < 300; i++) {
          List<Span> spans = new ArrayList<>();
          for (int t = 0; t < 20; t++) {
            spans.add(span(id(16, t + 1), id(8, i + 2), id(8, 1), "SELECT " + i, Span.SpanKind.SPAN_KIND_CLIENT, i, 1, i % 7 == 0));
          }
          postProtobuf(request("svc-" + (i % 5), spans));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    sender.start();
    int reads = 0;
    while (sender.isAlive()) {
      api("/api/traces?name=select");
      api("/api/routes");
      api("/api/trace/" + id(16, 1 + reads % 20));
      reads++;
    }
    sender.join();
    assertThat(reads).isPositive();
    assertThat(api("/api/stats").get("spans").getAsInt()).isEqualTo(6_020);
    assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  /** 120,000 spans in traces of 10 into a viewer holding 100,000: the oldest 2,000 traces go, whole. */
  @Test
  void evictsTheOldestTracesWhole() throws Exception {
    start(100_000);
    int traces = 12_000;
    for (int batch = 0; batch < traces / 500; batch++) {
      List<Span> spans = new ArrayList<>();
      for (int t = batch * 500; t < (batch + 1) * 500; t++) {
        String trace = id(16, t + 1);
        spans.add(span(trace, id(8, 1), null, "GET /items/" + t, Span.SpanKind.SPAN_KIND_SERVER, t, 5, false));
        for (int s = 2; s <= 10; s++) {
          spans.add(span(trace, id(8, s), id(8, 1), "SELECT items", Span.SpanKind.SPAN_KIND_CLIENT, t, 1, false));
        }
      }
      assertThat(postProtobuf(request("items", spans)).statusCode()).isEqualTo(200);
    }
    JsonObject stats = api("/api/stats");
    assertThat(stats.get("spans").getAsInt()).isEqualTo(100_000);
    assertThat(stats.get("traces").getAsInt()).isEqualTo(10_000);
    assertThat(stats.get("evictedTraces").getAsInt()).isEqualTo(2_000);
    assertThat(stats.get("evictedSpans").getAsInt()).isEqualTo(20_000);
    assertThat(status("/api/trace/" + id(16, 1))).isEqualTo(404);
    assertThat(status("/api/trace/" + id(16, 2_000))).isEqualTo(404);
    assertThat(api("/api/trace/" + id(16, 2_001)).getAsJsonArray("spans").size()).isEqualTo(10);
    assertThat(api("/api/trace/" + id(16, 12_000)).getAsJsonArray("spans").size()).isEqualTo(10);
    JsonObject list = api("/api/traces");
    assertThat(list.get("total").getAsInt()).isEqualTo(10_000);
    assertThat(list.getAsJsonArray("traces").size()).as("the page gets the newest 1,000").isEqualTo(1_000);
    assertThat(list.getAsJsonArray("traces").get(0).getAsJsonObject().get("traceId").getAsString()).isEqualTo(id(16, 12_000));
  }

  /** The second bound: span data past the byte budget evicts whole traces too, whatever --max-spans says. */
  @Test
  void spanDataPastTheByteBudgetEvictsToo() {
    TraceStore store = new TraceStore(1_000_000, 2L * 1024 * 1024);
    String big = "x".repeat(4000);
    for (int t = 1; t <= 200; t++) {
      List<Span> spans = new ArrayList<>();
      for (int s = 1; s <= 10; s++) {
        spans.add(span(id(16, t), id(8, s), s == 1 ? null : id(8, 1), "work", Span.SpanKind.SPAN_KIND_INTERNAL, t, 1, false,
            "payload", big));
      }
      store.add(StoredSpan.from(request("svc", spans), new int[1]));
      assertThat(store.bytes()).isLessThanOrEqualTo(2L * 1024 * 1024);
    }
    assertThat(store.evictedTraces()).isGreaterThan(100);
    assertThat(store.spanCount() % 10).as("whole traces").isZero();
    assertThat(store.trace(id(16, 200)).spans).hasSize(10);
  }

  @Test
  void optionsAreCheckedAndTheDefaultsAreTheDocumentedOnes() throws Exception {
    Viewer.Options defaults = Viewer.Options.parse(new String[0]);
    assertThat(defaults.port).isEqualTo(16686);
    assertThat(defaults.otlpPort).isEqualTo(4318);
    assertThat(defaults.maxSpans).isEqualTo(100_000);
    assertThat(defaults.host).isEqualTo("127.0.0.1");
    Viewer.Options given = Viewer.Options.parse(new String[] {"--port", "8080", "--otlp-port=14318", "--max-spans", "5000",
        "--host", "0.0.0.0"});
    assertThat(given.port).isEqualTo(8080);
    assertThat(given.otlpPort).isEqualTo(14318);
    assertThat(given.maxSpans).isEqualTo(5000);
    assertThat(given.host).isEqualTo("0.0.0.0");
    assertThat(Viewer.exposureWarning(defaults)).isNull();
    assertThat(Viewer.exposureWarning(Viewer.Options.parse(new String[] {"--host", "localhost"}))).isNull();
    assertThat(Viewer.exposureWarning(given)).startsWith("[tracer view] WARNING: listening on 0.0.0.0, not loopback:")
        .contains("ANYONE WHO CAN REACH ports 8080 and 14318 CAN READ EVERY TRACE");
    for (String[] bad : new String[][] {{"--port", "http"}, {"--max-spans", "0"}, {"--frobnicate", "1"}, {"--port"},
        {"--port", "4318"}}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Viewer.Options.parse(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static JsonObject find(JsonObject trace, String name) {
    for (JsonElement element : trace.getAsJsonArray("spans")) {
      if (element.getAsJsonObject().get("name").getAsString().equals(name)
          && (!name.startsWith("GET /orders") || element.getAsJsonObject().get("service").getAsString().equals("front"))) {
        return element.getAsJsonObject();
      }
    }
    throw new AssertionError(name + " not in " + trace);
  }

  private static List<String> ids(JsonObject list) {
    List<String> ids = new ArrayList<>();
    for (JsonElement element : list.getAsJsonArray("traces")) {
      ids.add(element.getAsJsonObject().get("traceId").getAsString());
    }
    return ids;
  }

  private static List<String> strings(JsonArray array) {
    List<String> values = new ArrayList<>();
    array.forEach(e -> values.add(e.getAsString()));
    return values;
  }
}
