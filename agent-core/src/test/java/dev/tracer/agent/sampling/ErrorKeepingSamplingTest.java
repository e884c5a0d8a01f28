package dev.tracer.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.agent.Config;
import dev.tracer.agent.Tracing;
import dev.tracer.exporters.SpanQueue;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code TRACER_SAMPLER=parentbased_errorkeeping}: every error trace, a deterministic fraction of the others. */
class ErrorKeepingSamplingTest {
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private Tracing tracing;
  private SpanQueue queue;

  @AfterEach
  void shutdown() {
    if (tracing != null) {
      tracing.shutdown();
    }
    if (queue != null) {
      queue.shutdown(1000);
    }
  }

  private Tracer install(double fraction) {
    Map<String, String> props = new HashMap<>();
    props.put("tracer.sampler", "parentbased_errorkeeping");
    props.put("tracer.sampler.arg", String.valueOf(fraction));
    props.put("tracer.queue.capacity", "65536");
    props.put("tracer.flush.interval", "50ms");
    props.put("tracer.service.name", "test");
    tracing = Tracing.create(new Config(new HashMap<>(), props), exporter, Collections.emptyList());
    assertThat(tracing.errorKeeping).isNotNull();
    return tracing.tracer;
  }

  private List<SpanData> exported() {
    tracing.queue.forceFlush().join(10, TimeUnit.SECONDS);
    return exporter.getFinishedSpanItems();
  }

  /** One local trace: a root and a database call under it, the call failing when {@code fail}. */
  private static String trace(Tracer tracer, boolean fail, Context parent) {
    Span root = tracer.spanBuilder("GET /orders").setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
    try (Scope ignored = root.makeCurrent()) {
      Span query = tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT).startSpan();
      if (fail) {
        query.setStatus(StatusCode.ERROR, "no such table");
      }
      query.end();
    } finally {
      root.end();
    }
    return root.getSpanContext().getTraceId();
  }

  private static boolean keptByRatio(String traceId, double fraction) {
    return Sampler.traceIdRatioBased(fraction).shouldSample(Context.root(), traceId, "GET /orders", SpanKind.SERVER,
        Attributes.empty(), Collections.emptyList()).getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
  }

  @Test
  void keepsEveryErrorTraceAndTheGivenFractionOfTheOthers() {
    Tracer tracer = install(0.1);
    Set<String> errors = new HashSet<>();
    Set<String> clean = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      boolean fail = i % 100 == 7;
      String traceId = trace(tracer, fail, Context.root());
      (fail ? errors : clean).add(traceId);
    }
    assertThat(errors).hasSize(100);
    List<SpanData> spans = exported();
    Map<String, List<SpanData>> byTrace = spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
    // every error trace, whole
    assertThat(byTrace.keySet()).containsAll(errors);
    for (String error : errors) {
      assertThat(byTrace.get(error)).extracting(SpanData::getName).containsExactlyInAnyOrder("GET /orders", "SELECT orders");
    }
    // the others: exactly those the trace-id ratio keeps (deterministic), about 990 of 9,900
    Set<String> keptClean = new HashSet<>(byTrace.keySet());
    keptClean.removeAll(errors);
    Set<String> expected = clean.stream().filter(id -> keptByRatio(id, 0.1)).collect(Collectors.toSet());
    assertThat(keptClean).isEqualTo(expected);
    double sigma = Math.sqrt(9_900 * 0.1 * 0.9);
    assertThat((double) keptClean.size()).isBetween(990 - 5 * sigma, 990 + 5 * sigma);
    for (String id : keptClean) {
      assertThat(byTrace.get(id)).hasSize(2).allMatch(s -> s.getSpanContext().isSampled());
    }
    assertThat(spans).hasSize(2 * (100 + keptClean.size()));
    // error traces the ratio kept anyway went straight through; the processor kept the rest
    assertThat(tracing.errorKeeping.keptForErrors()).isEqualTo(errors.stream().filter(id -> !keptByRatio(id, 0.1)).count());
    assertThat(tracing.errorKeeping.undecided()).isZero();
  }

  @Test
  void downstreamFollowsTheDecision() {
    Tracer tracer = install(0.1);
    SpanContext sampledParent = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
        "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    SpanContext unsampledParent = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
        "00f067aa0ba902b7", TraceFlags.getDefault(), TraceState.getDefault());
    SpanContext unsampledFailing = SpanContext.createFromRemoteParent("5cf92f3577b34da6a3ce929d0e0e4737",
        "00f067aa0ba902b8", TraceFlags.getDefault(), TraceState.getDefault());
    trace(tracer, false, Context.root().with(Span.wrap(sampledParent)));
    trace(tracer, false, Context.root().with(Span.wrap(unsampledParent)));
    trace(tracer, true, Context.root().with(Span.wrap(unsampledFailing)));
    Map<String, List<SpanData>> byTrace = exported().stream().collect(Collectors.groupingBy(SpanData::getTraceId));
    assertThat(byTrace.keySet()).containsExactlyInAnyOrder(sampledParent.getTraceId(), unsampledFailing.getTraceId());
    assertThat(byTrace.get(sampledParent.getTraceId())).hasSize(2)
        .allMatch(s -> s.getSpanContext().isSampled())
        .anyMatch(s -> s.getParentSpanId().equals(sampledParent.getSpanId()));
    assertThat(byTrace.get(unsampledFailing.getTraceId())).hasSize(2);
  }

  /** What a local root sends downstream: the sampled flag exactly when the ratio keeps the trace. */
  @Test
  void propagatesTheSampledFlagOfTracesKeptByTheRatio() {
    Tracer tracer = install(0.5);
    int sampled = 0;
    for (int i = 0; i < 200; i++) {
      Span root = tracer.spanBuilder("job").startSpan();
      Map<String, String> headers = new HashMap<>();
      tracing.propagators.getTextMapPropagator().inject(Context.root().with(root), headers, Map::put);
      String traceparent = headers.get("traceparent");
      boolean flag = (Integer.parseInt(traceparent.substring(traceparent.length() - 2), 16) & 1) == 1;
      assertThat(flag).isEqualTo(keptByRatio(root.getSpanContext().getTraceId(), 0.5));
      assertThat(root.isRecording()).isTrue();
      sampled += flag ? 1 : 0;
      root.end();
    }
    assertThat(sampled).isBetween(50, 150);
  }

  @Test
  void undecidedTracesAreBoundedAndDroppedWhenTheirRootNeverEnds() throws Exception {
    queue = new SpanQueue(exporter, 1024, 512, 50, 1000);
    ErrorKeepingProcessor processor = new ErrorKeepingProcessor(queue, 10, 3, TimeUnit.MINUTES.toNanos(5));
    SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(new ErrorKeepingSampler(0.0))
        .addSpanProcessor(processor).build();
    Tracer tracer = provider.get("test");
    List<Span> roots = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      Span root = tracer.spanBuilder("never ends").startSpan();
      tracer.spanBuilder("child").setParent(Context.root().with(root)).startSpan().end();
      roots.add(root);
    }
    assertThat(processor.undecided()).isEqualTo(10);
    assertThat(processor.droppedUndecided()).isEqualTo(15);
    // the newest are still held: one ending in error is exported; with at most 3 spans held per trace
    Span last = roots.get(24);
    for (int i = 0; i < 5; i++) {
      tracer.spanBuilder("more").setParent(Context.root().with(last)).startSpan().end();
    }
    last.setStatus(StatusCode.ERROR);
    last.end();
    // an evicted one ending later is decided alone: its root has no error, nothing exported
    roots.get(0).end();
    queue.forceFlush().join(10, TimeUnit.SECONDS);
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactlyInAnyOrder("child", "more", "more", "never ends");
    assertThat(spans).allMatch(s -> s.getTraceId().equals(last.getSpanContext().getTraceId()));
    assertThat(processor.undecided()).isEqualTo(9);
    provider.shutdown();
  }

  @Test
  void aTraceUndecidedForTooLongIsDropped() throws Exception {
    queue = new SpanQueue(exporter, 1024, 512, 50, 1000);
    ErrorKeepingProcessor processor = new ErrorKeepingProcessor(queue, 10, 10, TimeUnit.MILLISECONDS.toNanos(20));
    SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(new ErrorKeepingSampler(0.0))
        .addSpanProcessor(processor).build();
    Tracer tracer = provider.get("test");
    Span stuck = tracer.spanBuilder("stuck").startSpan();
    tracer.spanBuilder("child").setParent(Context.root().with(stuck)).startSpan().end();
    assertThat(processor.undecided()).isEqualTo(1);
    Thread.sleep(50);
    Span other = tracer.spanBuilder("other").startSpan();
    tracer.spanBuilder("child").setParent(Context.root().with(other)).startSpan().end();
    assertThat(processor.undecided()).isEqualTo(1);
    assertThat(processor.droppedUndecided()).isEqualTo(1);
    provider.shutdown();
  }
}
