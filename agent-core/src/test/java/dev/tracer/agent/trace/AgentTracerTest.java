package dev.tracer.agent.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent's own span type keeps the SDK span's contract: what exporters receive is the same. */
class AgentTracerTest {
  private static final AttributeKey<String> NAME = AttributeKey.stringKey("name");
  private static final Resource RESOURCE = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "svc"));

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  private AgentTracer tracer(Sampler sampler) {
    return new AgentTracer(RESOURCE, sampler, SimpleSpanProcessor.create(exporter));
  }

  @Test
  void childSharesTheTraceAndNamesItsParent() {
    AgentTracer tracer = tracer(Sampler.parentBased(Sampler.alwaysOn()));
    Span parent = tracer.spanBuilder("parent").setSpanKind(SpanKind.SERVER).startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      tracer.spanBuilder("child").setSpanKind(SpanKind.CLIENT).setAttribute(NAME, "x").startSpan().end();
    }
    parent.end();
    List<SpanData> spans = exporter.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getName).containsExactly("child", "parent");
    SpanData child = spans.get(0);
    SpanData root = spans.get(1);
    assertThat(child.getTraceId()).isEqualTo(root.getTraceId());
    assertThat(child.getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(root.getParentSpanContext().isValid()).isFalse();
    assertThat(child.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(child.getAttributes().get(NAME)).isEqualTo("x");
    assertThat(child.getAttributes()).isEqualTo(Attributes.of(NAME, "x"));
    assertThat(child.getResource()).isEqualTo(RESOURCE);
    assertThat(child.getInstrumentationScopeInfo().getName()).isEqualTo("dev.tracer");
    assertThat(child.hasEnded()).isTrue();
    assertThat(child.getSpanContext().isSampled()).isTrue();
    assertThat(root.getSpanContext().getTraceFlags().asHex()).isEqualTo("03"); // sampled, random trace id (as the SDK)
    assertThat(child.getSpanContext().getTraceFlags().isTraceIdRandom()).isTrue();
    assertThat(child.getEndEpochNanos()).isGreaterThanOrEqualTo(child.getStartEpochNanos());
    assertThat(root.getEndEpochNanos()).isGreaterThanOrEqualTo(child.getEndEpochNanos());
  }

  @Test
  void anEndedSpanIsItsOwnSpanDataAndAnOpenOneIsCopied() {
    AgentSpan span = (AgentSpan) tracer(Sampler.alwaysOn()).spanBuilder("open").setAttribute(NAME, "a").startSpan();
    SpanData open = span.toSpanData();
    span.setAttribute(NAME, "b");
    span.addEvent("later");
    span.updateName("renamed");
    // the copy keeps what the span had when it was taken
    assertThat(open).isNotSameAs(span);
    assertThat(open.getName()).isEqualTo("open");
    assertThat(open.getAttributes()).isEqualTo(Attributes.of(NAME, "a"));
    assertThat(open.getEvents()).isEmpty();
    assertThat(open.hasEnded()).isFalse();
    assertThat(open.getEndEpochNanos()).isZero();
    span.end();
    // no copy once ended: nothing changes any more
    SpanData ended = span.toSpanData();
    assertThat(ended).isSameAs(span);
    span.setAttribute(NAME, "c");
    span.setStatus(StatusCode.ERROR);
    assertThat(ended.getName()).isEqualTo("renamed");
    assertThat(ended.getAttributes()).isEqualTo(Attributes.of(NAME, "b"));
    assertThat(ended.getEvents()).extracting(EventData::getName).containsExactly("later");
    assertThat(ended.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(ended.getEndEpochNanos()).isGreaterThanOrEqualTo(ended.getStartEpochNanos());
    assertThat(exporter.getFinishedSpanItems()).containsExactly(ended);
  }

  @Test
  void remoteParentKeepsItsTraceStateAndIsTheParent() {
    SpanContext remote = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.builder().put("vendor", "v").build());
    tracer(Sampler.parentBased(Sampler.alwaysOff()))
        .spanBuilder("served").setParent(Context.root().with(Span.wrap(remote))).startSpan().end();
    SpanData span = exporter.getFinishedSpanItems().get(0);
    assertThat(span.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(span.getParentSpanContext()).isEqualTo(remote);
    assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("v");
    assertThat(span.getSpanContext().getTraceFlags().asHex()).isEqualTo("01"); // the caller's id: not known random
  }

  @Test
  void droppedSpansAreNotRecordedAndRecordOnlyOnesAreNotSampled() {
    Span dropped = tracer(Sampler.alwaysOff()).spanBuilder("dropped").startSpan();
    assertThat(dropped.isRecording()).isFalse();
    assertThat(dropped.getSpanContext().isValid()).isTrue();
    dropped.end();
    assertThat(exporter.getFinishedSpanItems()).isEmpty();

    Sampler recordOnly = new Sampler() {
      @Override
      public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
          Attributes attributes, List<LinkData> links) {
        assertThat(attributes.get(NAME)).isEqualTo("seen by the sampler");
        return SamplingResult.create(SamplingDecision.RECORD_ONLY, Attributes.of(AttributeKey.longKey("rate"), 3L));
      }

      @Override
      public String getDescription() {
        return "record only";
      }
    };
    Span recorded = tracer(recordOnly).spanBuilder("recorded").setAttribute(NAME, "seen by the sampler").startSpan();
    assertThat(recorded.isRecording()).isTrue();
    assertThat(recorded.getSpanContext().isSampled()).isFalse();
    recorded.end();
    assertThat(exporter.getFinishedSpanItems()).isEmpty(); // a processor sees it; exporters get sampled spans only
  }

  @Test
  void attributesStatusEventsAndLinksAsTheSdkRecordsThem() {
    AgentTracer tracer = tracer(Sampler.alwaysOn());
    SpanContext linked = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
        TraceFlags.getSampled(), TraceState.getDefault());
    Span span = tracer.spanBuilder("op").addLink(linked).setStartTimestamp(1_000, TimeUnit.SECONDS).startSpan();
    span.setAttribute(NAME, "first");
    // the same name, another String: replaced, in place
    span.setAttribute(AttributeKey.longKey(new String("name")), 2L);
    for (int i = 0; i < 200; i++) {
      span.setAttribute(AttributeKey.longKey("n" + i), (long) i);
    }
    span.setStatus(StatusCode.OK);
    span.setStatus(StatusCode.ERROR, "too late: OK is final");
    span.recordException(new IllegalStateException("boom"));
    span.updateName("renamed");
    span.end(1_001, TimeUnit.SECONDS);
    span.setAttribute(NAME, "after the end");
    span.end();

    assertThat(exporter.getFinishedSpanItems()).hasSize(1);
    SpanData data = exporter.getFinishedSpanItems().get(0);
    assertThat(data.getName()).isEqualTo("renamed");
    assertThat(data.getStartEpochNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1_000));
    assertThat(data.getEndEpochNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1_001));
    assertThat(data.getAttributes().get(AttributeKey.longKey("name"))).isEqualTo(2L);
    assertThat(data.getAttributes().get(NAME)).isNull();
    assertThat(data.getAttributes().size()).isEqualTo(128);
    assertThat(data.getTotalAttributeCount()).isEqualTo(202);
    assertThat(data.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    EventData event = data.getEvents().get(0);
    assertThat(event.getName()).isEqualTo("exception");
    assertThat(event.getAttributes().get(AgentSpan.EXCEPTION_TYPE)).isEqualTo("java.lang.IllegalStateException");
    assertThat(event.getAttributes().get(AgentSpan.EXCEPTION_MESSAGE)).isEqualTo("boom");
    assertThat(event.getAttributes().get(AgentSpan.EXCEPTION_STACKTRACE)).contains("AgentTracerTest");
    assertThat(data.getLinks()).extracting(LinkData::getSpanContext).containsExactly(linked);
    assertThat(data.getTotalRecordedLinks()).isEqualTo(1);
  }
}
