package dev.tracer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One span as a backend received it, decoded from OTLP. */
public final class ReceivedSpan {
  public final String traceId;
  public final String spanId;
  /** Empty for a root span. */
  public final String parentSpanId;
  public final String name;
  /** {@code SERVER}, {@code CLIENT}, {@code PRODUCER}, {@code CONSUMER}, {@code INTERNAL}. */
  public final String kind;
  public final Map<String, Object> attributes;
  public final Map<String, Object> resource;
  /** {@code UNSET}, {@code OK}, {@code ERROR}. */
  public final String status;
  public final List<String> eventNames;
  /** The attributes of each event, in the order of {@link #eventNames}. */
  public final List<Map<String, Object>> eventAttributes;
  public final List<String> linkedSpanIds;
  /** End minus start time, as exported. */
  public final long durationNanos;
  /** The name of the instrumentation scope the span was exported under (empty when not known). */
  public final String scopeName;

  ReceivedSpan(Span span, Map<String, Object> resource) {
    this(span, resource, "");
  }

  ReceivedSpan(Span span, Map<String, Object> resource, String scopeName) {
    this.scopeName = scopeName;
    this.traceId = hex(span.getTraceId().toByteArray());
    this.spanId = hex(span.getSpanId().toByteArray());
    this.parentSpanId = hex(span.getParentSpanId().toByteArray());
    this.name = span.getName();
    this.kind = span.getKind().name().replace("SPAN_KIND_", "");
    this.attributes = Collections.unmodifiableMap(OtlpReceiver.toMap(span.getAttributesList()));
    this.resource = Collections.unmodifiableMap(resource);
    this.status = span.getStatus().getCode().name().replace("STATUS_CODE_", "");
    List<String> events = new ArrayList<>();
    List<Map<String, Object>> eventAttributes = new ArrayList<>();
    for (Span.Event event : span.getEventsList()) {
      events.add(event.getName());
      eventAttributes.add(Collections.unmodifiableMap(OtlpReceiver.toMap(event.getAttributesList())));
    }
    this.eventNames = Collections.unmodifiableList(events);
    this.eventAttributes = Collections.unmodifiableList(eventAttributes);
    List<String> links = new ArrayList<>();
    for (Span.Link link : span.getLinksList()) {
      links.add(hex(link.getSpanId().toByteArray()));
    }
    this.linkedSpanIds = Collections.unmodifiableList(links);
    this.durationNanos = span.getEndTimeUnixNano() - span.getStartTimeUnixNano();
  }

  /** The attributes of the first event named {@code name} (e.g. {@code exception}), or null when there is none. */
  public Map<String, Object> event(String name) {
    int index = eventNames.indexOf(name);
    return index < 0 ? null : eventAttributes.get(index);
  }

  public boolean isRoot() {
    return parentSpanId.isEmpty();
  }

  public String serviceName() {
    return String.valueOf(resource.get("service.name"));
  }

  public Object attribute(String key) {
    return attributes.get(key);
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return kind + " '" + name + "' trace=" + traceId + " span=" + spanId + " parent=" + parentSpanId + " " + status
        + " " + attributes;
  }

  /** The spans of {@code spans} called {@code name}. */
  public static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name.equals(name)).collect(Collectors.toList());
  }

  /** The one span called {@code name}; fails with {@code dump} when there is none or more than one. */
  public static ReceivedSpan only(List<ReceivedSpan> spans, String name, String dump) {
    List<ReceivedSpan> found = named(spans, name);
    assertThat(found).as("one '%s' in\n%s", name, dump).hasSize(1);
    return found.get(0);
  }
}
