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

/**
 * An open {@link AgentSpan} as {@link SpanData}: a copy of what it recorded so far (an ended span is its own
 * {@code SpanData}). Asked for by span processors of extensions, not by the export worker.
 */
final class SpanSnapshot implements SpanData {
  private final AgentSpan span;
  private final String name;
  private final Attributes attributes;
  private final int totalAttributes;
  private final List<EventData> events;
  private final int totalEvents;
  private final StatusData status;

  SpanSnapshot(AgentSpan span, String name, Attributes attributes, int totalAttributes, List<EventData> events,
      int totalEvents, StatusData status) {
    this.span = span;
    this.name = name;
    this.attributes = attributes;
    this.totalAttributes = totalAttributes;
    this.events = events;
    this.totalEvents = totalEvents;
    this.status = status;
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
    return span.getParentSpanContext();
  }

  @Override
  public StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return span.getStartEpochNanos();
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
    return span.getLinks();
  }

  @Override
  public long getEndEpochNanos() {
    return 0;
  }

  @Override
  public boolean hasEnded() {
    return false;
  }

  @Override
  public int getTotalRecordedEvents() {
    return totalEvents;
  }

  @Override
  public int getTotalRecordedLinks() {
    return span.getTotalRecordedLinks();
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
    return span.getResource();
  }

  @Override
  public String toString() {
    return "SpanData{name=" + name + ", kind=" + getKind() + ", context=" + getSpanContext() + ", parent="
        + getParentSpanContext() + ", status=" + status + ", attributes=" + attributes + ", events=" + events
        + ", start=" + getStartEpochNanos() + ", open}";
  }
}
