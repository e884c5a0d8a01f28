package dev.tracer.exporters;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The request duration histograms of the OpenTelemetry semantic conventions, recorded from finished spans on the
 * export worker (as {@link SpanMetrics}): {@code http.server.request.duration}, {@code http.client.request.duration},
 * {@code db.client.operation.duration}, {@code rpc.server.duration} / {@code rpc.client.duration} and the messaging
 * {@code messaging.publish.duration}, {@code messaging.receive.duration}, {@code messaging.process.duration}. Their
 * attributes are the conventions' bounded ones only: the route, never the path; the operation and table, never the
 * statement.
 */
public final class RequestMetrics implements Consumer<List<SpanData>> {
  /** Seconds; the semantic conventions' advice for HTTP and messaging durations. */
  static final List<Double> HTTP_BUCKETS =
      Arrays.asList(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
  /** Seconds; the semantic conventions' advice for database operations. */
  static final List<Double> DB_BUCKETS = Arrays.asList(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  /** What the spans say ({@code db.operation}, {@code db.sql.table}) under the metric's newer names. */
  static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation");
  static final AttributeKey<String> DB_OPERATION_NAME = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> DB_TABLE = AttributeKey.stringKey("db.sql.table");
  static final AttributeKey<String> DB_COLLECTION_NAME = AttributeKey.stringKey("db.collection.name");
  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> RPC_GRPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");
  static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
  static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
  static final AttributeKey<Boolean> MESSAGING_TEMPORARY = AttributeKey.booleanKey("messaging.destination.temporary");
  static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation");
  static final AttributeKey<String> MESSAGING_OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
  private static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  /** The conventions' value when an error has no better name. */
  static final String OTHER = "_OTHER";

  private final DoubleHistogram httpServer;
  private final DoubleHistogram httpClient;
  private final DoubleHistogram db;
  private final DoubleHistogram rpcServer;
  private final DoubleHistogram rpcClient;
  private final DoubleHistogram publish;
  private final DoubleHistogram receive;
  private final DoubleHistogram process;

  public RequestMetrics(Meter meter) {
    httpServer = seconds(meter, "http.server.request.duration", "Duration of HTTP server requests", HTTP_BUCKETS);
    httpClient = seconds(meter, "http.client.request.duration", "Duration of HTTP client requests", HTTP_BUCKETS);
    db = seconds(meter, "db.client.operation.duration", "Duration of database client operations", DB_BUCKETS);
    // milliseconds, as the conventions (and the OpenTelemetry Java agent) have them for RPC, default buckets
    rpcServer = meter.histogramBuilder("rpc.server.duration").setUnit("ms")
        .setDescription("Duration of inbound RPCs").build();
    rpcClient = meter.histogramBuilder("rpc.client.duration").setUnit("ms")
        .setDescription("Duration of outbound RPCs").build();
    publish = seconds(meter, "messaging.publish.duration", "Duration of publishing a message", HTTP_BUCKETS);
    receive = seconds(meter, "messaging.receive.duration", "Duration of receiving messages", HTTP_BUCKETS);
    process = seconds(meter, "messaging.process.duration", "Duration of processing a message", HTTP_BUCKETS);
  }

  private static DoubleHistogram seconds(Meter meter, String name, String description, List<Double> buckets) {
    return meter.histogramBuilder(name).setUnit("s").setDescription(description)
        .setExplicitBucketBoundariesAdvice(buckets).build();
  }

  @Override
  public void accept(List<SpanData> batch) {
    for (SpanData span : batch) {
      record(span);
    }
  }

  void record(SpanData span) {
    Attributes attributes = span.getAttributes();
    SpanKind kind = span.getKind();
    double seconds = Math.max(0, span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e9;
    String method = attributes.get(HTTP_METHOD);
    if (method != null && (kind == SpanKind.SERVER || kind == SpanKind.CLIENT)) {
      boolean server = kind == SpanKind.SERVER;
      Long status = attributes.get(HTTP_STATUS);
      AttributesBuilder series = Attributes.builder().put(HTTP_METHOD, method);
      putIfPresent(series, HTTP_STATUS, status);
      if (server) {
        putIfPresent(series, HTTP_ROUTE, attributes.get(HTTP_ROUTE));
        putIfPresent(series, URL_SCHEME, attributes.get(URL_SCHEME));
      } else {
        putIfPresent(series, SERVER_ADDRESS, attributes.get(SERVER_ADDRESS));
        putIfPresent(series, SERVER_PORT, attributes.get(SERVER_PORT));
      }
      // a status the conventions call an error is its own error.type: 5xx for a server, 4xx and 5xx for a client
      String error = status != null && status >= (server ? 500 : 400) ? String.valueOf(status) : errorType(span);
      putIfPresent(series, ERROR_TYPE, error);
      (server ? httpServer : httpClient).record(seconds, series.build());
      return;
    }
    String dbSystem = attributes.get(DB_SYSTEM);
    if (dbSystem != null && kind == SpanKind.CLIENT) {
      AttributesBuilder series = Attributes.builder().put(DB_SYSTEM, dbSystem);
      putIfPresent(series, DB_OPERATION_NAME, attributes.get(DB_OPERATION));
      putIfPresent(series, DB_COLLECTION_NAME, attributes.get(DB_TABLE));
      putIfPresent(series, ERROR_TYPE, errorType(span));
      db.record(seconds, series.build());
      return;
    }
    String messagingSystem = attributes.get(MESSAGING_SYSTEM);
    if (messagingSystem != null && (kind == SpanKind.PRODUCER || kind == SpanKind.CONSUMER)) {
      String operation = attributes.get(MESSAGING_OPERATION);
      if (operation == null) {
        operation = kind == SpanKind.PRODUCER ? "publish" : "process";
      }
      AttributesBuilder series = Attributes.builder().put(MESSAGING_SYSTEM, messagingSystem)
          .put(MESSAGING_OPERATION_NAME, operation);
      // a temporary queue's name is made up per connection: not a series of its own
      if (!Boolean.TRUE.equals(attributes.get(MESSAGING_TEMPORARY))) {
        putIfPresent(series, MESSAGING_DESTINATION, attributes.get(MESSAGING_DESTINATION));
      }
      putIfPresent(series, ERROR_TYPE, errorType(span));
      DoubleHistogram histogram = "publish".equals(operation) ? publish : "receive".equals(operation) ? receive : process;
      histogram.record(seconds, series.build());
      return;
    }
    String rpcSystem = attributes.get(RPC_SYSTEM);
    if (rpcSystem != null && kind != SpanKind.INTERNAL) {
      AttributesBuilder series = Attributes.builder().put(RPC_SYSTEM, rpcSystem);
      putIfPresent(series, RPC_SERVICE, attributes.get(RPC_SERVICE));
      putIfPresent(series, RPC_METHOD, attributes.get(RPC_METHOD));
      putIfPresent(series, RPC_GRPC_STATUS, attributes.get(RPC_GRPC_STATUS));
      putIfPresent(series, ERROR_TYPE, errorType(span));
      (kind == SpanKind.SERVER || kind == SpanKind.CONSUMER ? rpcServer : rpcClient).record(seconds * 1000, series.build());
    }
  }

  /** For a span with status ERROR: its exception's class name, else {@code _OTHER}; null otherwise. */
  static String errorType(SpanData span) {
    if (span.getStatus().getStatusCode() != StatusCode.ERROR) {
      return null;
    }
    for (EventData event : span.getEvents()) {
      String type = event.getAttributes().get(EXCEPTION_TYPE);
      if (type != null) {
        return type;
      }
    }
    return OTHER;
  }

  private static <T> void putIfPresent(AttributesBuilder builder, AttributeKey<T> key, T value) {
    if (value != null) {
      builder.put(key, value);
    }
  }
}
