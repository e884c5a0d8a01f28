package dev.tracer.agent.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;

/** An {@link AgentSpan} as the exporters see it: an immutable copy, made on the export worker. */
final class FinishedSpan implements SpanData {
  private final AgentSpan span;
  private final String name;
  private final Attributes attributes;
  private final int totalAttributes;
  private final List<EventData> events;
  private final int totalEvents;
  private final StatusData status;
  private final long endEpochNanos;
  private final boolean ended;

  FinishedSpan(AgentSpan span, String name, Attributes attributes, int totalAttributes, List<EventData> events,
      int totalEvents, StatusData status, long endEpochNanos, boolean ended) {
    this.span = span;
    this.name = name;
    this.attributes = attributes;
    this.totalAttributes = totalAttributes;
    this.events = events;
    this.totalEvents = totalEvents;
    this.status = status;
    this.endEpochNanos = endEpochNanos;
    this.ended = ended;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public SpanKind getKind() {
    return span.getKind();
  }

  @Override
  public SpanContext getSpanContext() {
    return span.getSpanContext();
  }

  @Override
  public SpanContext getParentSpanContext() {
    return span.parent();
  }

  @Override
  public StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return span.startEpochNanos();
  }

  @Override
  public Attributes getAttributes() {
    return attributes;
  }

  @Override
  public List<EventData> getEvents() {
    return events;
  }

  @Override
  public List<LinkData> getLinks() {
    return span.links();
  }

  @Override
  public long getEndEpochNanos() {
    return endEpochNanos;
  }

  @Override
  public boolean hasEnded() {
    return ended;
  }

  @Override
  public int getTotalRecordedEvents() {
    return totalEvents;
  }

  @Override
  public int getTotalRecordedLinks() {
    return span.totalLinks();
  }

  @Override
  public int getTotalAttributeCount() {
    return totalAttributes;
  }

  @Override
  @SuppressWarnings("deprecation")
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return span.getInstrumentationLibraryInfo();
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return span.getInstrumentationScopeInfo();
  }

  @Override
  public Resource getResource() {
    return span.tracer().resource;
  }

  @Override
  public String toString() {
    return "SpanData{name=" + name + ", kind=" + getKind() + ", context=" + getSpanContext() + ", parent="
        + getParentSpanContext() + ", status=" + status + ", attributes=" + attributes + ", events=" + events
        + ", start=" + getStartEpochNanos() + ", end=" + endEpochNanos + "}";
  }
}
