package dev.tracer.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Semantic-convention request metrics from finished spans: names, units, buckets, and only bounded attributes. */
class RequestMetricsTest {
  private static final long MS = 1_000_000;

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final RequestMetrics metrics = new RequestMetrics(provider.get("test"));

  private static SpanData span(SpanKind kind, long durationNanos, Throwable error, Attributes attributes) {
    TestSpanData.Builder builder = TestSpanData.builder()
        .setName("span").setKind(kind)
        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "shop")))
        .setStartEpochNanos(1_000).setEndEpochNanos(1_000 + durationNanos)
        .setStatus(error != null ? StatusData.error() : StatusData.unset())
        .setAttributes(attributes)
        .setHasEnded(true);
    if (error != null) {
      builder.setEvents(Collections.singletonList(EventData.create(1_000, "exception",
          Attributes.of(AttributeKey.stringKey("exception.type"), error.getClass().getName()))));
      builder.setTotalRecordedEvents(1);
    }
    return builder.build();
  }

  private static MetricData metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + all));
  }

  private static HistogramPointData point(MetricData metric, Attributes attributes) {
    return metric.getHistogramData().getPoints().stream().filter(p -> p.getAttributes().equals(attributes))
        .findFirst().orElseThrow(() -> new AssertionError("no point " + attributes + " in " + metric));
  }

  @Test
  void httpServerByRouteNeverByPath() {
    Attributes common = Attributes.builder().put("http.request.method", "GET").put("http.route", "/orders/{id}")
        .put("url.scheme", "http").put("client.address", "10.1.2.3").build();
    List<SpanData> batch = new ArrayList<>();
    batch.add(span(SpanKind.SERVER, 3 * MS, null, common.toBuilder().put("url.path", "/orders/1")
        .put("http.response.status_code", 200L).build()));
    batch.add(span(SpanKind.SERVER, 30 * MS, null, common.toBuilder().put("url.path", "/orders/2")
        .put("http.response.status_code", 200L).build()));
    batch.add(span(SpanKind.SERVER, 2 * MS, null, common.toBuilder().put("url.path", "/orders/99")
        .put("http.response.status_code", 404L).build()));
    batch.add(span(SpanKind.SERVER, 5 * MS, new IllegalStateException(), common.toBuilder().put("url.path", "/orders/1")
        .put("http.response.status_code", 500L).build()));
    // no route matched: no http.route at all
    batch.add(span(SpanKind.SERVER, MS, null, Attributes.builder().put("http.request.method", "GET")
        .put("url.path", "/nope").put("url.scheme", "http").put("http.response.status_code", 404L).build()));
    metrics.accept(batch);

    MetricData server = metric(reader.collectAllMetrics(), "http.server.request.duration");
    assertThat(server.getUnit()).isEqualTo("s");
    Attributes ok = Attributes.builder().put("http.request.method", "GET").put("http.response.status_code", 200L)
        .put("http.route", "/orders/{id}").put("url.scheme", "http").build();
    HistogramPointData okPoint = point(server, ok);
    assertThat(okPoint.getCount()).isEqualTo(2);
    assertThat(okPoint.getSum()).isEqualTo(0.033, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(okPoint.getBoundaries()).isEqualTo(RequestMetrics.HTTP_BUCKETS);
    // a 4xx is the client's error, not the server's: no error.type
    assertThat(point(server, ok.toBuilder().put("http.response.status_code", 404L).build()).getCount()).isEqualTo(1);
    // a 5xx is: its status code, even with an exception
    assertThat(point(server, ok.toBuilder().put("http.response.status_code", 500L).put("error.type", "500").build())
        .getCount()).isEqualTo(1);
    assertThat(point(server, Attributes.builder().put("http.request.method", "GET")
        .put("http.response.status_code", 404L).put("url.scheme", "http").build()).getCount()).isEqualTo(1);
    assertThat(server.getHistogramData().getPoints()).hasSize(4).allSatisfy(p -> assertThat(p.getAttributes().asMap().keySet())
        .extracting(AttributeKey::getKey).doesNotContain("url.path", "client.address"));
  }

  @Test
  void httpClientByServerAndStatus() {
    Attributes to = Attributes.builder().put("http.request.method", "POST").put("server.address", "billing")
        .put("server.port", 8080L).put("url.full", "http://billing:8080/charge?id=7").build();
    metrics.accept(List.of(
        span(SpanKind.CLIENT, 10 * MS, null, to.toBuilder().put("http.response.status_code", 201L).build()),
        span(SpanKind.CLIENT, 10 * MS, null, to.toBuilder().put("http.response.status_code", 503L).build()),
        span(SpanKind.CLIENT, 10 * MS, new java.net.ConnectException(), to)));
    MetricData client = metric(reader.collectAllMetrics(), "http.client.request.duration");
    Attributes series = Attributes.builder().put("http.request.method", "POST").put("server.address", "billing")
        .put("server.port", 8080L).build();
    assertThat(point(client, series.toBuilder().put("http.response.status_code", 201L).build()).getCount()).isEqualTo(1);
    assertThat(point(client, series.toBuilder().put("http.response.status_code", 503L).put("error.type", "503").build())
        .getCount()).isEqualTo(1);
    // no response at all: the exception's class
    assertThat(point(client, series.toBuilder().put("error.type", "java.net.ConnectException").build()).getCount())
        .isEqualTo(1);
    assertThat(client.getHistogramData().getPoints()).hasSize(3);
  }

  @Test
  void databaseByOperationAndTableNeverByStatement() {
    Attributes select = Attributes.builder().put("db.system", "postgresql").put("db.operation", "SELECT")
        .put("db.sql.table", "orders").put("db.statement", "SELECT * FROM orders WHERE id = ?")
        .put("server.address", "db").build();
    metrics.accept(List.of(
        span(SpanKind.CLIENT, 2 * MS, null, select),
        span(SpanKind.CLIENT, 2 * MS, null, select.toBuilder().put("db.statement", "SELECT id FROM orders").build()),
        span(SpanKind.CLIENT, 2 * MS, new java.sql.SQLException(), select),
        // a Redis command: no table
        span(SpanKind.CLIENT, MS, null, Attributes.builder().put("db.system", "redis").put("db.operation", "GET")
            .put("db.statement", "GET key").build())));
    MetricData db = metric(reader.collectAllMetrics(), "db.client.operation.duration");
    assertThat(db.getUnit()).isEqualTo("s");
    Attributes series = Attributes.builder().put("db.system", "postgresql").put("db.operation.name", "SELECT")
        .put("db.collection.name", "orders").build();
    HistogramPointData ok = point(db, series);
    assertThat(ok.getCount()).isEqualTo(2);
    assertThat(ok.getBoundaries()).isEqualTo(RequestMetrics.DB_BUCKETS);
    assertThat(point(db, series.toBuilder().put("error.type", "java.sql.SQLException").build()).getCount()).isEqualTo(1);
    assertThat(point(db, Attributes.builder().put("db.system", "redis").put("db.operation.name", "GET").build())
        .getCount()).isEqualTo(1);
    assertThat(db.getHistogramData().getPoints()).hasSize(3);
  }

  @Test
  void rpcInMillisecondsAndMessagingByDestination() {
    Attributes grpc = Attributes.builder().put("rpc.system", "grpc").put("rpc.service", "shop.Orders")
        .put("rpc.method", "Get").put("rpc.grpc.status_code", 0L).build();
    metrics.accept(List.of(
        span(SpanKind.SERVER, 4 * MS, null, grpc),
        span(SpanKind.CLIENT, 6 * MS, null, grpc),
        span(SpanKind.PRODUCER, MS, null, Attributes.builder().put("messaging.system", "kafka")
            .put("messaging.destination.name", "orders").put("messaging.operation", "publish").build()),
        span(SpanKind.CONSUMER, 8 * MS, new IllegalArgumentException(), Attributes.builder()
            .put("messaging.system", "kafka").put("messaging.destination.name", "orders")
            .put("messaging.operation", "process").put("messaging.kafka.message.offset", 12L).build()),
        span(SpanKind.CONSUMER, MS, null, Attributes.builder().put("messaging.system", "rabbitmq")
            .put("messaging.destination.name", "amq.gen-Xy12").put("messaging.destination.temporary", true)
            .put("messaging.operation", "receive").build())));
    Collection<MetricData> all = reader.collectAllMetrics();
    MetricData rpcServer = metric(all, "rpc.server.duration");
    assertThat(rpcServer.getUnit()).isEqualTo("ms");
    assertThat(point(rpcServer, grpc).getSum()).isEqualTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(point(metric(all, "rpc.client.duration"), grpc).getSum()).isEqualTo(6.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(point(metric(all, "messaging.publish.duration"), Attributes.builder().put("messaging.system", "kafka")
        .put("messaging.operation.name", "publish").put("messaging.destination.name", "orders").build()).getCount())
        .isEqualTo(1);
    assertThat(point(metric(all, "messaging.process.duration"), Attributes.builder().put("messaging.system", "kafka")
        .put("messaging.operation.name", "process").put("messaging.destination.name", "orders")
        .put("error.type", "java.lang.IllegalArgumentException").build()).getCount()).isEqualTo(1);
    // a temporary queue's made-up name is no series of its own
    assertThat(point(metric(all, "messaging.receive.duration"), Attributes.builder().put("messaging.system", "rabbitmq")
        .put("messaging.operation.name", "receive").build()).getCount()).isEqualTo(1);
  }

  @Test
  void internalSpansAreNoRequests() {
    metrics.accept(List.of(span(SpanKind.INTERNAL, MS, null, Attributes.builder()
        .put("code.function", "findById").build())));
    assertThat(reader.collectAllMetrics()).isEmpty();
  }

  @Test
  void theSdksSeriesLimitStillFoldsTheRest() {
    List<SpanData> batch = new ArrayList<>();
    for (int i = 0; i < 2100; i++) {
      batch.add(span(SpanKind.SERVER, MS, null, Attributes.builder().put("http.request.method", "GET")
          .put("http.route", "/r" + i).build()));
    }
    metrics.accept(batch);
    MetricData server = metric(reader.collectAllMetrics(), "http.server.request.duration");
    assertThat(server.getHistogramData().getPoints()).hasSizeLessThanOrEqualTo(2000)
        .anySatisfy(p -> assertThat(p.getAttributes().get(AttributeKey.booleanKey("otel.metric.overflow"))).isTrue());
  }
}
