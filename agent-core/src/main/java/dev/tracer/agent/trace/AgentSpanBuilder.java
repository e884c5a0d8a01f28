package dev.tracer.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.internal.ImmutableSpanContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts an {@link AgentSpan} the way the SDK's span builder starts its own: parent, ids, sampler, then the span. */
final class AgentSpanBuilder implements SpanBuilder {
  private final AgentTracer tracer;
  private final String name;
  private SpanKind kind = SpanKind.INTERNAL;
  private Context parent;
  private final SpanAttributes attributes;
  private List<LinkData> links;
  private int totalLinks;
  private long startEpochNanos;

  AgentSpanBuilder(AgentTracer tracer, String name) {
    this.tracer = tracer;
    this.name = name;
    this.attributes = new SpanAttributes(tracer.limits.getMaxNumberOfAttributes());
  }

  @Override
  public SpanBuilder setParent(Context context) {
    if (context != null) {
      parent = context;
    }
    return this;
  }

  @Override
  public SpanBuilder setNoParent() {
    parent = Context.root();
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext context) {
    return addLink(context, Attributes.empty());
  }

  @Override
  public SpanBuilder addLink(SpanContext context, Attributes linkAttributes) {
    if (context == null || !context.isValid()) {
      return this;
    }
    totalLinks++;
    if (links == null) {
      links = new ArrayList<>(2);
    }
    if (links.size() < tracer.limits.getMaxNumberOfLinks()) {
      links.add(LinkData.create(context, linkAttributes == null ? Attributes.empty() : linkAttributes));
    }
    return this;
  }

  @Override
  public SpanBuilder setAttribute(String key, String value) {
    return setAttribute(AttributeKey.stringKey(key), value);
  }

  @Override
  public SpanBuilder setAttribute(String key, long value) {
    return setAttribute(AttributeKey.longKey(key), value);
  }

  @Override
  public SpanBuilder setAttribute(String key, double value) {
    return setAttribute(AttributeKey.doubleKey(key), value);
  }

  @Override
  public SpanBuilder setAttribute(String key, boolean value) {
    return setAttribute(AttributeKey.booleanKey(key), value);
  }

  @Override
  public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
    attributes.put(key, value);
    return this;
  }

  @Override
  public SpanBuilder setSpanKind(SpanKind spanKind) {
    if (spanKind != null) {
      kind = spanKind;
    }
    return this;
  }

  @Override
  public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
    if (startTimestamp >= 0 && unit != null) {
      startEpochNanos = unit.toNanos(startTimestamp);
    }
    return this;
  }

  @Override
  public Span startSpan() {
    Context parentContext = parent == null ? Context.current() : parent;
    SpanContext parentSpan = Span.fromContext(parentContext).getSpanContext();
    String spanId = tracer.ids.generateSpanId();
    String traceId = parentSpan.isValid() ? parentSpan.getTraceId() : tracer.ids.generateTraceId();
    List<LinkData> spanLinks = links == null ? Collections.emptyList() : Collections.unmodifiableList(links);
    SamplingResult sampling = tracer.sampler.shouldSample(parentContext, traceId, name, kind, attributes, spanLinks);
    SamplingDecision decision = sampling.getDecision();
    TraceState traceState = sampling.getUpdatedTraceState(parentSpan.getTraceState());
    // as the SDK: a trace id we generate is random (W3C Trace Context Level 2 flag 0x02), a parent's keeps its flag
    boolean random = parentSpan.isValid() ? parentSpan.getTraceFlags().isTraceIdRandom()
        : tracer.ids.generatesRandomTraceIds();
    byte flags = (byte) ((decision == SamplingDecision.RECORD_AND_SAMPLE ? 0x01 : 0) | (random ? 0x02 : 0));
    // ids we generate, or a valid parent's trace id, are valid: as the SDK with its random generator, not re-checked
    SpanContext context = ImmutableSpanContext.create(traceId, spanId, TraceFlags.fromByte(flags), traceState, false,
        true);
    if (decision == SamplingDecision.DROP) {
      return Span.wrap(context);
    }
    attributes.putAll(sampling.getAttributes());
    AgentSpan span = new AgentSpan(tracer, context, parentSpan, name, kind, attributes, spanLinks, totalLinks,
        startEpochNanos);
    span.started(parentContext);
    return span;
  }
}
