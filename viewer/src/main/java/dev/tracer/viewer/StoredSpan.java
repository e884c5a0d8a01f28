package dev.tracer.viewer;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * One received span as the viewer keeps it: ids as hex, values as display strings, sizes capped, so that what a
 * span costs in memory is bounded and estimated ({@link #bytes}) whatever a sender puts in it.
 */
final class StoredSpan {
  static final int MAX_VALUE_CHARS = 4096;
  /** An exception stack trace is what the detail pane is for: it may be longer than other values. */
  static final int MAX_STACK_CHARS = 32 * 1024;
  static final int MAX_ATTRIBUTES = 128;
  static final int MAX_EVENTS = 64;

  static final int KIND_SERVER = Span.SpanKind.SPAN_KIND_SERVER_VALUE;
  static final int KIND_CONSUMER = Span.SpanKind.SPAN_KIND_CONSUMER_VALUE;
  static final int STATUS_ERROR = 2;

  /** One span event (an exception is one, with {@code exception.*} attributes). */
  static final class Event {
    final String name;
    final long timeNanos;
    final String[] attributes;

    Event(String name, long timeNanos, String[] attributes) {
      this.name = name;
      this.timeNanos = timeNanos;
      this.attributes = attributes;
    }
  }

  final String traceId;
  final String spanId;
  /** Empty for a root span. */
  final String parentSpanId;
  final String name;
  final String service;
  final String scope;
  final int kind;
  final long startNanos;
  final long endNanos;
  final int status;
  final String statusMessage;
  /** Key, value, key, value... */
  final String[] attributes;
  final List<Event> events;
  /** The resource's attributes, shared by the spans of one resource in one request. */
  final String[] resource;
  /** Roughly what this span holds on the heap. */
  final long bytes;

  private StoredSpan(String traceId, String spanId, String parentSpanId, String name, String service, String scope,
      int kind, long startNanos, long endNanos, int status, String statusMessage, String[] attributes,
      List<Event> events, String[] resource) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.name = name;
    this.service = service;
    this.scope = scope;
    this.kind = kind;
    this.startNanos = startNanos;
    this.endNanos = Math.max(startNanos, endNanos);
    this.status = status;
    this.statusMessage = statusMessage;
    this.attributes = attributes;
    this.events = events;
    this.resource = resource;
    long size = 160 + chars(name) + chars(statusMessage) + chars(attributes) + 96L * 3; // object, ids, strings
    for (Event event : events) {
      size += 64 + chars(event.name) + chars(event.attributes);
    }
    this.bytes = size;
  }

  long durationNanos() {
    return endNanos - startNanos;
  }

  boolean error() {
    return status == STATUS_ERROR;
  }

  String attribute(String key) {
    for (int i = 0; i < attributes.length; i += 2) {
      if (attributes[i].equals(key)) {
        return attributes[i + 1];
      }
    }
    return null;
  }

  /** The spans of one export request; spans without a valid trace or span id are counted in {@code invalid}. */
  static List<StoredSpan> from(ExportTraceServiceRequest request, int[] invalid) {
    List<StoredSpan> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      String[] resource = keyValues(resourceSpans.getResource().getAttributesList());
      String service = "unknown_service";
      for (int i = 0; i < resource.length; i += 2) {
        if (resource[i].equals("service.name") && !resource[i + 1].isEmpty()) {
          service = resource[i + 1];
        }
      }
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scope = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          if (span.getTraceId().size() != 16 || span.getSpanId().size() != 8 || isZero(span.getTraceId())) {
            invalid[0]++;
            continue;
          }
          List<Event> events = new ArrayList<>();
          for (Span.Event event : span.getEventsList()) {
            if (events.size() == MAX_EVENTS) {
              break;
            }
            events.add(new Event(cap(event.getName(), MAX_VALUE_CHARS), event.getTimeUnixNano(),
                keyValues(event.getAttributesList())));
          }
          ByteString parent = span.getParentSpanId();
          spans.add(new StoredSpan(hex(span.getTraceId()), hex(span.getSpanId()),
              parent.size() == 8 && !isZero(parent) ? hex(parent) : "", cap(span.getName(), MAX_VALUE_CHARS), service,
              scope, span.getKindValue(), span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
              span.getStatus().getCodeValue(), cap(span.getStatus().getMessage(), MAX_VALUE_CHARS),
              keyValues(span.getAttributesList()), events.isEmpty() ? Collections.emptyList() : events, resource));
        }
      }
    }
    return spans;
  }

  private static String[] keyValues(List<KeyValue> list) {
    int n = Math.min(list.size(), MAX_ATTRIBUTES);
    String[] pairs = new String[2 * n];
    for (int i = 0; i < n; i++) {
      KeyValue kv = list.get(i);
      pairs[2 * i] = cap(kv.getKey(), 256);
      pairs[2 * i + 1] = cap(display(kv.getValue()), kv.getKey().equals("exception.stacktrace") ? MAX_STACK_CHARS : MAX_VALUE_CHARS);
    }
    return pairs;
  }

  /** A value as text: arrays and maps in brackets, bytes as base64. */
  static String display(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case BOOL_VALUE:
        return String.valueOf(value.getBoolValue());
      case INT_VALUE:
        return String.valueOf(value.getIntValue());
      case DOUBLE_VALUE:
        return String.valueOf(value.getDoubleValue());
      case BYTES_VALUE:
        return Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE: {
        StringBuilder text = new StringBuilder("[");
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          if (text.length() > 1) {
            text.append(", ");
          }
          text.append(display(element));
          if (text.length() > MAX_VALUE_CHARS) {
            break;
          }
        }
        return text.append(']').toString();
      }
      case KVLIST_VALUE: {
        StringBuilder text = new StringBuilder("{");
        for (KeyValue kv : value.getKvlistValue().getValuesList()) {
          if (text.length() > 1) {
            text.append(", ");
          }
          text.append(kv.getKey()).append('=').append(display(kv.getValue()));
          if (text.length() > MAX_VALUE_CHARS) {
            break;
          }
        }
        return text.append('}').toString();
      }
      default:
        return "";
    }
  }

  private static String cap(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  private static long chars(String text) {
    return text == null ? 0 : 40 + 2L * text.length();
  }

  private static long chars(String[] texts) {
    long sum = 16 + 8L * texts.length;
    for (String text : texts) {
      sum += chars(text);
    }
    return sum;
  }

  private static boolean isZero(ByteString bytes) {
    for (int i = 0; i < bytes.size(); i++) {
      if (bytes.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static String hex(ByteString bytes) {
    char[] out = new char[2 * bytes.size()];
    for (int i = 0; i < bytes.size(); i++) {
      int b = bytes.byteAt(i) & 0xff;
      out[2 * i] = HEX[b >>> 4];
      out[2 * i + 1] = HEX[b & 0xf];
    }
    return new String(out);
  }
}
