package dev.tracer.agent.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandlersTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final Handlers handlers = new Handlers(provider.get("test"), Collections.emptyMap());

  HandlersTest() {
    handlers.register(new DatabaseEventHandler(true));
    handlers.register(new CustomEventHandler());
  }

  @AfterEach
  void close() {
    provider.close();
  }

  /** Throws at start and at end, for every span. */
  static final class Throwing implements SpanListener<SpanEvent> {
    @Override
    public void onStart(SpanEvent event, Span span) {
      throw new IllegalStateException("listener bug at start");
    }

    @Override
    public void onEnd(SpanEvent event, Span span) {
      throw new IllegalStateException("listener bug at end");
    }
  }

  /** Database queries only, typed. */
  static final class Queries implements SpanListener<DatabaseEvent> {
    final List<String> seen = new ArrayList<>();

    @Override
    public Class<DatabaseEvent> eventType() {
      return DatabaseEvent.class;
    }

    @Override
    public void onEnd(DatabaseEvent event, Span span) {
      seen.add(event.statement);
      span.setAttribute("audit.statement.length", (long) event.statement.length());
    }
  }

  /** Every span. */
  static final class All implements SpanListener<SpanEvent> {
    final List<String> started = new ArrayList<>();

    @Override
    public void onStart(SpanEvent event, Span span) {
      started.add(event.instrumentation);
    }
  }

  @Test
  void throwingListenerNeverBreaksTheSpanNorTheListenersAfterIt() {
    handlers.addListener(new Throwing());
    Queries queries = new Queries();
    handlers.addListener(queries);
    DatabaseEvent event = new DatabaseEvent("jdbc");
    event.statement = "SELECT * FROM orders WHERE id = 42";
    event.connectionUrl = "jdbc:postgresql://db.local:5432/shop";
    handlers.start(event);
    event.error = new java.sql.SQLException("no such table");
    handlers.end(event);

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).hasSize(1);
    SpanData span = spans.get(0);
    assertThat(span.getName()).isEqualTo("SELECT orders");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.statement"))).isEqualTo("SELECT * FROM orders WHERE id = ?");
    assertThat(span.getAttributes().get(AttributeKey.longKey("audit.statement.length"))).isEqualTo(34L);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(queries.seen).containsExactly("SELECT * FROM orders WHERE id = 42");
  }

  @Test
  void listenersAreToldOnlyAboutTheirCategory() {
    Queries queries = new Queries();
    All all = new All();
    handlers.addListener(queries);
    handlers.addListener(all);
    CustomEvent custom = new CustomEvent("example", "Orders.place");
    handlers.start(custom);
    DatabaseEvent query = new DatabaseEvent("jdbc");
    query.statement = "SELECT 1";
    handlers.start(query);
    handlers.end(query);
    handlers.end(custom);

    assertThat(all.started).containsExactly("example", "jdbc");
    assertThat(queries.seen).containsExactly("SELECT 1");
    assertThat(exporter.getFinishedSpanItems()).hasSize(2);
  }

  @Test
  void aRootCustomEventStartsANewTraceUnderALeakedContextAndTheLeakedOneComesBack() {
    CustomEvent leaked = new CustomEvent("example", "Request.leaked");
    handlers.start(leaked);
    CustomEvent run = CustomEvent.method("example", java.util.Map.Entry.class, "report");
    run.root = true;
    handlers.start(run);
    CustomEvent query = new CustomEvent("example", "Query.inside");
    handlers.start(query);
    handlers.end(query);
    handlers.end(run);
    CustomEvent after = new CustomEvent("example", "Request.after");
    handlers.start(after);
    handlers.end(after);
    handlers.end(leaked);

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName)
        .containsExactly("Query.inside", "Entry.report", "Request.after", "Request.leaked");
    SpanData inside = spans.get(0);
    SpanData report = spans.get(1);
    SpanData request = spans.get(3);
    assertThat(report.getParentSpanContext().isValid()).isFalse();
    assertThat(report.getTraceId()).isNotEqualTo(request.getTraceId());
    assertThat(inside.getParentSpanId()).isEqualTo(report.getSpanId());
    assertThat(spans.get(2).getParentSpanId()).isEqualTo(request.getSpanId());
    assertThat(report.getAttributes().get(AttributeKey.stringKey("code.namespace"))).isEqualTo("java.util.Map$Entry");
    assertThat(report.getAttributes().get(AttributeKey.stringKey("code.function"))).isEqualTo("report");
  }

  @Test
  void customEventsNestAndCarryTheirKindAndAttributes() {
    CustomEvent outer = new CustomEvent("example", "Orders.place").attribute("order.items", 3);
    outer.kind = "server";
    handlers.start(outer);
    CustomEvent inner = new CustomEvent("example", "Orders.price");
    handlers.start(inner);
    inner.attribute("order.total", 12.5).attribute("order.paid", true);
    handlers.end(inner);
    handlers.end(outer);

    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("Orders.price", "Orders.place");
    SpanData price = spans.get(0);
    SpanData place = spans.get(1);
    assertThat(price.getParentSpanId()).isEqualTo(place.getSpanId());
    assertThat(price.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(price.getAttributes().get(AttributeKey.doubleKey("order.total"))).isEqualTo(12.5);
    assertThat(price.getAttributes().get(AttributeKey.booleanKey("order.paid"))).isTrue();
    assertThat(place.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(place.getAttributes().get(AttributeKey.longKey("order.items"))).isEqualTo(3L);
  }

  /**
   * Each value keeps its type (other numbers widened, anything else as its text); what the advice adds or changes
   * before the end is on the span.
   */
  @Test
  void customEventAttributesAreTypedAndChangesBeforeTheEndAreKept() {
    CustomEvent event = new CustomEvent("example", "Orders.place").attribute("order.id", "o-1")
        .attribute("order.items", 3).attribute("order.weight", 1.5f).attribute("order.gift", false)
        .attribute("order.state", Thread.State.NEW);
    handlers.start(event);
    event.attribute("order.items", 4).attribute("order.total", 12L);
    handlers.end(event);

    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().asMap()).containsOnly(
        org.assertj.core.api.Assertions.entry(AttributeKey.stringKey("order.id"), "o-1"),
        org.assertj.core.api.Assertions.entry(AttributeKey.longKey("order.items"), 4L),
        org.assertj.core.api.Assertions.entry(AttributeKey.doubleKey("order.weight"), 1.5),
        org.assertj.core.api.Assertions.entry(AttributeKey.booleanKey("order.gift"), false),
        org.assertj.core.api.Assertions.entry(AttributeKey.stringKey("order.state"), "NEW"),
        org.assertj.core.api.Assertions.entry(AttributeKey.longKey("order.total"), 12L));
  }

  @Test
  void nestedCallsOfALibraryCategoryStayOneSpan() {
    DatabaseEvent outer = new DatabaseEvent("jdbc");
    outer.statement = "SELECT 1";
    handlers.start(outer);
    DatabaseEvent inner = new DatabaseEvent("jdbc");
    inner.statement = "SELECT 1";
    handlers.start(inner);
    handlers.end(inner);
    handlers.end(outer);
    assertThat(exporter.getFinishedSpanItems()).hasSize(1);
  }
}
