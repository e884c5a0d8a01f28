package dev.tracer.exporters;

import io.jaegertracing.thriftjava.Log;
import io.jaegertracing.thriftjava.Process;
import io.jaegertracing.thriftjava.Span;
import io.jaegertracing.thriftjava.SpanRef;
import io.jaegertracing.thriftjava.SpanRefType;
import io.jaegertracing.thriftjava.Tag;
import io.jaegertracing.thriftjava.TagType;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SpanData → Jaeger's generated Thrift model, following the OpenTelemetry "mapping to Jaeger" rules (the same
 * mapping the retired opentelemetry-exporter-jaeger-thrift used): kind, status and scope become tags, events
 * become logs, links become FOLLOWS_FROM references, the resource becomes the process.
 */
final class JaegerThriftAdapter {
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private JaegerThriftAdapter() {}

  static Process process(Resource resource) {
    String service = resource.getAttribute(SERVICE_NAME);
    Process process = new Process(service == null ? "unknown_service:java" : service);
    List<Tag> tags = tags(resource.getAttributes());
    tags.removeIf(tag -> tag.getKey().equals(SERVICE_NAME.getKey()));
    process.setTags(tags);
    return process;
  }

  static Span span(SpanData data) {
    SpanContext context = data.getSpanContext();
    long traceHigh = Long.parseUnsignedLong(context.getTraceId().substring(0, 16), 16);
    long traceLow = Long.parseUnsignedLong(context.getTraceId().substring(16), 16);
    SpanContext parent = data.getParentSpanContext();
    long parentId = parent.isValid() ? Long.parseUnsignedLong(parent.getSpanId(), 16) : 0;
    Span span = new Span(traceLow, traceHigh, Long.parseUnsignedLong(context.getSpanId(), 16), parentId,
        data.getName(), context.getTraceFlags().asByte(),
        TimeUnit.NANOSECONDS.toMicros(data.getStartEpochNanos()),
        TimeUnit.NANOSECONDS.toMicros(data.getEndEpochNanos() - data.getStartEpochNanos()));

    List<Tag> tags = tags(data.getAttributes());
    if (data.getKind() != SpanKind.INTERNAL) {
      tags.add(new Tag("span.kind", TagType.STRING).setVStr(data.getKind().name().toLowerCase(Locale.ROOT)));
    }
    StatusCode status = data.getStatus().getStatusCode();
    if (status != StatusCode.UNSET) {
      tags.add(new Tag("otel.status_code", TagType.STRING).setVStr(status.name()));
      if (!data.getStatus().getDescription().isEmpty()) {
        tags.add(new Tag("otel.status_description", TagType.STRING).setVStr(data.getStatus().getDescription()));
      }
    }
    if (status == StatusCode.ERROR) {
      tags.add(new Tag("error", TagType.BOOL).setVBool(true));
    }
    String scope = data.getInstrumentationScopeInfo().getName();
    tags.add(new Tag("otel.scope.name", TagType.STRING).setVStr(scope));
    if (data.getInstrumentationScopeInfo().getVersion() != null) {
      tags.add(new Tag("otel.scope.version", TagType.STRING).setVStr(data.getInstrumentationScopeInfo().getVersion()));
    }
    span.setTags(tags);

    if (!data.getEvents().isEmpty()) {
      List<Log> logs = new ArrayList<>(data.getEvents().size());
      for (EventData event : data.getEvents()) {
        List<Tag> fields = tags(event.getAttributes());
        fields.add(new Tag("event", TagType.STRING).setVStr(event.getName()));
        logs.add(new Log(TimeUnit.NANOSECONDS.toMicros(event.getEpochNanos()), fields));
      }
      span.setLogs(logs);
    }

    List<SpanRef> references = new ArrayList<>();
    if (parent.isValid()) {
      references.add(reference(SpanRefType.CHILD_OF, parent));
    }
    for (LinkData link : data.getLinks()) {
      references.add(reference(SpanRefType.FOLLOWS_FROM, link.getSpanContext()));
    }
    if (!references.isEmpty()) {
      span.setReferences(references);
    }
    return span;
  }

  private static SpanRef reference(SpanRefType type, SpanContext context) {
    return new SpanRef(type,
        Long.parseUnsignedLong(context.getTraceId().substring(16), 16),
        Long.parseUnsignedLong(context.getTraceId().substring(0, 16), 16),
        Long.parseUnsignedLong(context.getSpanId(), 16));
  }

  static List<Tag> tags(Attributes attributes) {
    List<Tag> tags = new ArrayList<>(attributes.size() + 4);
    for (Map.Entry<AttributeKey<?>, Object> entry : attributes.asMap().entrySet()) {
      tags.add(tag(entry.getKey(), entry.getValue()));
    }
    return tags;
  }

  private static Tag tag(AttributeKey<?> key, Object value) {
    String name = key.getKey();
    switch (key.getType()) {
      case BOOLEAN:
        return new Tag(name, TagType.BOOL).setVBool((Boolean) value);
      case LONG:
        return new Tag(name, TagType.LONG).setVLong((Long) value);
      case DOUBLE:
        return new Tag(name, TagType.DOUBLE).setVDouble((Double) value);
      case STRING:
        return new Tag(name, TagType.STRING).setVStr((String) value);
      default:
        // arrays (and anything newer): Jaeger has no list type, the mapping rules say a JSON-like string
        return new Tag(name, TagType.STRING).setVStr(arrayText(value));
    }
  }

  private static String arrayText(Object value) {
    if (!(value instanceof List)) {
      return String.valueOf(value);
    }
    StringBuilder text = new StringBuilder("[");
    for (Object item : (List<?>) value) {
      if (text.length() > 1) {
        text.append(',');
      }
      if (item instanceof String) {
        text.append('"').append(((String) item).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      } else {
        text.append(item);
      }
    }
    return text.append(']').toString();
  }
}
