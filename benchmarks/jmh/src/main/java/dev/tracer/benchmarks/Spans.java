package dev.tracer.benchmarks;

import dev.tracer.agent.Config;
import dev.tracer.agent.Tracing;
import dev.tracer.agent.handler.Handlers;
import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.Dispatch;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The span every benchmark makes: what the JDBC handler records for one query. */
final class Spans {
  static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  static final AttributeKey<String> DB_NAME = AttributeKey.stringKey("db.name");
  static final AttributeKey<String> DB_STATEMENT = AttributeKey.stringKey("db.statement");
  static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation");
  static final AttributeKey<String> DB_TABLE = AttributeKey.stringKey("db.sql.table");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  private Spans() {}

  static final Resource RESOURCE = Resource.getDefault().merge(Resource.create(
      io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("service.name"), "benchmark")));

  /** The agent's own SDK set-up (its span type, {@code SpanQueue}), exporting to a {@link CountingExporter}. */
  static Tracing agentTracing() {
    Map<String, String> props = new HashMap<>();
    props.put("tracer.service.name", "benchmark");
    props.put("tracer.exporter", "none");
    return Tracing.create(new Config(new HashMap<>(), props), new CountingExporter(), Collections.emptyList());
  }

  /** What the advice dispatches to, as the agent installs it: {@code handlers} over the tracing's tracer. */
  static Handlers dispatchTo(Tracing tracing, SpanEventHandler<?>... handlers) {
    Handlers all = new Handlers(tracing.tracer, Collections.emptyMap());
    for (SpanEventHandler<?> handler : handlers) {
      all.register(handler);
    }
    Dispatch.install(all);
    return all;
  }

  static SdkTracerProvider provider(SpanProcessor processor) {
    return SdkTracerProvider.builder().setResource(RESOURCE).addSpanProcessor(processor).build();
  }

  /** Start, seven attributes, end: the span then goes to the provider's processor. */
  static void querySpan(Tracer tracer) {
    Span span = tracer.spanBuilder("SELECT orders")
        .setSpanKind(SpanKind.CLIENT)
        .setAttribute(DB_SYSTEM, "h2")
        .setAttribute(DB_NAME, "shop")
        .setAttribute(DB_STATEMENT, "SELECT customer, total FROM orders WHERE id = ?")
        .setAttribute(DB_OPERATION, "SELECT")
        .setAttribute(DB_TABLE, "orders")
        .setAttribute(SERVER_ADDRESS, "localhost")
        .setAttribute(SERVER_PORT, 9092L)
        .startSpan();
    span.end();
  }

  /** Counts what reaches it: the pipeline is measured, not a backend. */
  static final class CountingExporter implements SpanExporter {
    final LongAdder exported = new LongAdder();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exported.add(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
