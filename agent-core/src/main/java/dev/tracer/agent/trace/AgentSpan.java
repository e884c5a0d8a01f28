package dev.tracer.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A recording span of the agent's own: what the OpenTelemetry SDK's span records (attributes, events, links,
 * status, times, the same limits), with less on the application's thread: attributes in arrays sized to the span,
 * one clock read at start, times from {@link System#nanoTime()} after it. Span processors see it as the SDK's
 * {@link ReadWriteSpan}. Once ended it no longer changes, so it is itself the immutable {@link SpanData} the
 * exporters get ({@link #toSpanData()} on the export worker returns it: no copy, no lock); an open span's
 * {@code toSpanData()} is a copy ({@link SpanSnapshot}).
 */
final class AgentSpan implements ReadWriteSpan, SpanData {
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");
  static final AttributeKey<String> EXCEPTION_STACKTRACE = AttributeKey.stringKey("exception.stacktrace");

  private final AgentTracer tracer;
  private final SpanContext context;
  private final SpanContext parent;
  private final SpanKind kind;
  private final long startEpochNanos;
  private final long startNanoTime;
  private final List<LinkData> links;
  private final int totalLinks;
  // guarded by this
  private String name;
  private final SpanAttributes attributes;
  private List<EventData> events;
  private int totalEvents;
  private StatusData status = StatusData.unset();
  private long endEpochNanos;
  private volatile boolean ended;

  AgentSpan(AgentTracer tracer, SpanContext context, SpanContext parent, String name, SpanKind kind,
      SpanAttributes attributes, List<LinkData> links, int totalLinks, long startEpochNanos) {
    this.tracer = tracer;
    this.context = context;
    this.parent = parent;
    this.name = name;
    this.kind = kind;
    this.attributes = attributes;
    this.links = links;
    this.totalLinks = totalLinks;
    this.startNanoTime = System.nanoTime();
    this.startEpochNanos = startEpochNanos != 0 ? startEpochNanos : tracer.clock.now();
  }

  void started(Context parentContext) {
    SpanProcessor processor = tracer.processor;
    if (processor != null && processor.isStartRequired()) {
      processor.onStart(parentContext, this);
    }
  }

  @Override
  public <T> ReadWriteSpan setAttribute(AttributeKey<T> key, T value) {
    synchronized (this) {
      if (!ended) {
        attributes.put(key, value);
      }
    }
    return this;
  }

  @Override
  public ReadWriteSpan addEvent(String name, Attributes attributes) {
    return event(name, attributes, nowEpochNanos());
  }

  @Override
  public ReadWriteSpan addEvent(String name, Attributes attributes, long timestamp, TimeUnit unit) {
    return event(name, attributes, unit.toNanos(timestamp));
  }

  private ReadWriteSpan event(String name, Attributes eventAttributes, long epochNanos) {
    if (name == null) {
      return this;
    }
    EventData event =
        EventData.create(epochNanos, name, eventAttributes == null ? Attributes.empty() : eventAttributes);
    synchronized (this) {
      if (!ended) {
        totalEvents++;
        if (events == null) {
          events = new ArrayList<>(2);
        }
        if (events.size() < tracer.limits.getMaxNumberOfEvents()) {
          events.add(event);
        }
      }
    }
    return this;
  }

  @Override
  public ReadWriteSpan setStatus(StatusCode code, String description) {
    if (code == null) {
      return this;
    }
    synchronized (this) {
      // OK is final (the specification); an ended span does not change
      if (!ended && status.getStatusCode() != StatusCode.OK) {
        status = StatusData.create(code, description);
      }
    }
    return this;
  }

  @Override
  public ReadWriteSpan recordException(Throwable exception, Attributes additional) {
    if (exception == null) {
      return this;
    }
    StringWriter trace = new StringWriter();
    exception.printStackTrace(new PrintWriter(trace));
    AttributesBuilder builder = Attributes.builder().put(EXCEPTION_TYPE, exception.getClass().getCanonicalName() != null
        ? exception.getClass().getCanonicalName() : exception.getClass().getName());
    if (exception.getMessage() != null) {
      builder.put(EXCEPTION_MESSAGE, exception.getMessage());
    }
    builder.put(EXCEPTION_STACKTRACE, trace.toString());
    if (additional != null) {
      builder.putAll(additional);
    }
    return event("exception", builder.build(), nowEpochNanos());
  }

  @Override
  public ReadWriteSpan updateName(String newName) {
    if (newName != null) {
      synchronized (this) {
        if (!ended) {
          name = newName;
        }
      }
    }
    return this;
  }

  @Override
  public void end() {
    finish(nowEpochNanos());
  }

  @Override
  public void end(long timestamp, TimeUnit unit) {
    finish(timestamp == 0 ? nowEpochNanos() : unit.toNanos(timestamp));
  }

  private void finish(long epochNanos) {
    synchronized (this) {
      if (ended) {
        return;
      }
      endEpochNanos = epochNanos;
      ended = true;
    }
    SpanProcessor processor = tracer.processor;
    if (processor != null && processor.isEndRequired()) {
      processor.onEnd(this);
    }
  }

  private long nowEpochNanos() {
    return startEpochNanos + (System.nanoTime() - startNanoTime);
  }

  @Override
  public SpanContext getSpanContext() {
    return context;
  }

  @Override
  public boolean isRecording() {
    return !ended;
  }

  @Override
  public SpanContext getParentSpanContext() {
    return parent;
  }

  @Override
  public String getName() {
    if (ended) {
      return name;
    }
    synchronized (this) {
      return name;
    }
  }

  @Override
  public SpanData toSpanData() {
    if (ended) {
      return this; // its fields were set before the volatile write of ended, and no longer change
    }
    synchronized (this) {
      return ended ? this : new SpanSnapshot(this, name, attributes.snapshot(), attributes.totalAdded(),
          events == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(events)),
          totalEvents, status);
    }
  }

  @Override
  @SuppressWarnings("deprecation")
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return tracer.libraryInfo;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return tracer.scope;
  }

  @Override
  public boolean hasEnded() {
    return ended;
  }

  @Override
  public synchronized long getLatencyNanos() {
    return (ended ? endEpochNanos : nowEpochNanos()) - startEpochNanos;
  }

  @Override
  public SpanKind getKind() {
    return kind;
  }

  @Override
  public synchronized <T> T getAttribute(AttributeKey<T> key) {
    return attributes.get(key);
  }

  @Override
  public Attributes getAttributes() {
    if (ended) {
      return attributes; // no longer changes: readers get it in place
    }
    synchronized (this) {
      return ended ? attributes : attributes.snapshot();
    }
  }

  // SpanData, read by the exporters once the span has ended. The getters of what end() fixes take no lock then:
  // those fields were written (under the lock) before the volatile write of ended, which this read of ended sees.

  @Override
  public StatusData getStatus() {
    if (ended) {
      return status;
    }
    synchronized (this) {
      return status;
    }
  }

  @Override
  public long getStartEpochNanos() {
    return startEpochNanos;
  }

  @Override
  public List<EventData> getEvents() {
    if (ended) {
      return events == null ? Collections.emptyList() : Collections.unmodifiableList(events);
    }
    synchronized (this) {
      return events == null ? Collections.emptyList() : Collections.unmodifiableList(new ArrayList<>(events));
    }
  }

  @Override
  public List<LinkData> getLinks() {
    return links;
  }

  @Override
  public long getEndEpochNanos() {
    return ended ? endEpochNanos : 0;
  }

  @Override
  public int getTotalRecordedEvents() {
    if (ended) {
      return totalEvents;
    }
    synchronized (this) {
      return totalEvents;
    }
  }

  @Override
  public int getTotalRecordedLinks() {
    return totalLinks;
  }

  @Override
  public int getTotalAttributeCount() {
    if (ended) {
      return attributes.totalAdded();
    }
    synchronized (this) {
      return attributes.totalAdded();
    }
  }

  @Override
  public Resource getResource() {
    return tracer.resource;
  }

  @Override
  public String toString() {
    return "AgentSpan{" + context + ", name=" + getName() + ", kind=" + kind + "}";
  }
}
