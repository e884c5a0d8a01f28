package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helper: collects what the application says about a span, then has the agent's tracer start it. */
public final class ApplicationSpanBuilder implements SpanBuilder {
  private final Object agentTracer;
  private final String name;
  private Context parent;
  private boolean noParent;
  private SpanKind kind = SpanKind.INTERNAL;
  private List<Object> attributes;
  private List<Object> links;
  private long startEpochNanos;

  ApplicationSpanBuilder(Object agentTracer, String name) {
    this.agentTracer = agentTracer;
    this.name = name;
  }

  @Override
  public SpanBuilder setParent(Context context) {
    if (context != null) {
      parent = context;
      noParent = false;
    }
    return this;
  }

  @Override
  public SpanBuilder setNoParent() {
    parent = null;
    noParent = true;
    return this;
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext) {
    return addLink(spanContext, Attributes.empty());
  }

  @Override
  public SpanBuilder addLink(SpanContext spanContext, Attributes linkAttributes) {
    if (spanContext != null && spanContext.isValid()) {
      if (links == null) {
        links = new ArrayList<>(4);
      }
      links.add(Bridge.ids(spanContext));
      links.add(Bridge.attributes(linkAttributes));
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
    if (key != null && key.getKey() != null && value != null) {
      if (attributes == null) {
        attributes = new ArrayList<>(12);
      }
      attributes.add(key.getKey());
      attributes.add(key.getType().name());
      attributes.add(value);
    }
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
    if (startTimestamp > 0 && unit != null) {
      startEpochNanos = unit.toNanos(startTimestamp);
    }
    return this;
  }

  @Override
  public Span startSpan() {
    try {
      ApplicationTracing.Sink sink = ApplicationTracing.sink();
      Object parentContext = noParent ? sink.root() : parent != null ? Bridge.toAgent(parent) : sink.current();
      Object span = sink.startSpan(agentTracer, name, kind.name(), parentContext,
          attributes == null ? null : attributes.toArray(), links == null ? null : links.toArray(), startEpochNanos);
      return new BridgedSpan(span);
    } catch (Throwable t) {
      return Span.getInvalid();
    }
  }
}
