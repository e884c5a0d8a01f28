package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.agent.Tracing;
import dev.tracer.testing.JaegerReceiver;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.ZipkinServer;
import io.jaegertracing.thriftjava.Tag;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One trace, exported at once to a real Zipkin server, a Jaeger Thrift receiver and an OTLP receiver. */
class SameTraceTest {

  @Test
  void zipkinJaegerAndOtlpHoldTheSameTrace() throws Exception {
    ZipkinServer zipkin = ZipkinServer.shared();
    String service = "same-trace-" + System.nanoTime();
    try (JaegerReceiver jaeger = new JaegerReceiver(); OtlpReceiver otlp = new OtlpReceiver()) {
      Tracing tracing = Pipelines.create(Map.of(
          "tracer.exporter", "zipkin,jaeger,otlp",
          "tracer.service.name", service,
          "tracer.zipkin.endpoint", zipkin.endpoint(),
          "tracer.jaeger.endpoint", jaeger.endpoint(),
          "tracer.otlp.endpoint", otlp.endpoint()));
      try {
        Span root = tracing.tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope ignored = root.makeCurrent()) {
          Span load = tracing.tracer.spanBuilder("load orders").startSpan();
          try (Scope inner = load.makeCurrent()) {
            tracing.tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system", "h2").setAttribute("db.statement", "SELECT * FROM orders WHERE id = ?")
                .startSpan().end();
          } finally {
            load.end();
          }
          Span render = tracing.tracer.spanBuilder("render").startSpan();
          render.recordException(new IllegalStateException("template missing"));
          render.setStatus(StatusCode.ERROR);
          render.end();
        } finally {
          root.end();
        }
        tracing.queue.forceFlush();

        List<ReceivedSpan> otlpSpans = otlp.awaitSpans(4, 20);
        List<io.jaegertracing.thriftjava.Span> jaegerSpans = jaeger.awaitSpans(4, 20);
        List<zipkin2.Span> zipkinSpans = zipkin.awaitSpans(service, 4, 30);

        Map<String, String> expected = Shape.ofOtlp(otlpSpans);
        assertThat(expected.values()).containsExactlyInAnyOrder(
            "get /orders <- -", "load orders <- get /orders", "select orders <- load orders", "render <- get /orders");
        assertThat(Shape.ofJaeger(jaegerSpans)).isEqualTo(expected);
        assertThat(Shape.ofZipkin(zipkinSpans)).isEqualTo(expected);

        // service name and tags, as each backend shows them
        assertThat(jaeger.batches()).allSatisfy(b -> assertThat(b.getProcess().getServiceName()).isEqualTo(service));
        assertThat(jaeger.contentTypes()).allSatisfy(t -> assertThat(t).isEqualTo("application/x-thrift"));
        io.jaegertracing.thriftjava.Span select = jaegerSpans.stream()
            .filter(s -> s.getOperationName().equals("SELECT orders")).findFirst().orElseThrow();
        assertThat(select.getTags()).extracting(Tag::getKey).contains("db.system", "db.statement", "span.kind");
        assertThat(select.getTags()).filteredOn(t -> t.getKey().equals("span.kind")).extracting(Tag::getVStr)
            .containsExactly("client");
        io.jaegertracing.thriftjava.Span render = jaegerSpans.stream()
            .filter(s -> s.getOperationName().equals("render")).findFirst().orElseThrow();
        assertThat(render.getTags()).filteredOn(t -> t.getKey().equals("error")).extracting(Tag::isVBool)
            .containsExactly(true);
        assertThat(render.getLogs()).hasSize(1);
        assertThat(render.getLogs().get(0).getFields()).filteredOn(t -> t.getKey().equals("event"))
            .extracting(Tag::getVStr).containsExactly("exception");

        zipkin2.Span zipkinSelect = zipkinSpans.stream().filter(s -> s.name().equals("select orders")).findFirst().orElseThrow();
        assertThat(zipkinSelect.localServiceName()).isEqualTo(service);
        assertThat(zipkinSelect.kind()).isEqualTo(zipkin2.Span.Kind.CLIENT);
        assertThat(zipkinSelect.tags()).containsEntry("db.system", "h2")
            .containsEntry("db.statement", "SELECT * FROM orders WHERE id = ?");
        assertThat(zipkinSpans.stream().filter(s -> s.name().equals("render")).findFirst().orElseThrow().tags())
            .containsKey("error");

        assertThat(otlpSpans).allSatisfy(s -> assertThat(s.serviceName()).isEqualTo(service));
        // each exporter counts its own: every one exported all 4
        assertThat(tracing.queue.exporterStats()).hasSize(3).allSatisfy(exporter -> {
          assertThat(exporter.exported).isEqualTo(4);
          assertThat(exporter.dropped).isZero();
        });
        assertThat(tracing.queue.dropped()).isZero();
      } finally {
        tracing.queue.shutdown(5000);
      }
    }
  }
}
