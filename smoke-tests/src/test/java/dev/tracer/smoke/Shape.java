package dev.tracer.smoke;

import dev.tracer.testing.ReceivedSpan;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A trace reduced to what every backend keeps alike: span id → "name ← parent name". Zipkin lower-cases span
 * names, so names are compared lower-cased; ids are 16 hex digits everywhere.
 */
final class Shape {
  private Shape() {}

  static Map<String, String> ofOtlp(List<ReceivedSpan> spans) {
    Map<String, String> names = new TreeMap<>();
    Map<String, String> parents = new TreeMap<>();
    for (ReceivedSpan span : spans) {
      names.put(span.spanId, span.name);
      parents.put(span.spanId, span.isRoot() ? null : span.parentSpanId);
    }
    return shape(names, parents);
  }

  static Map<String, String> ofJaeger(List<io.jaegertracing.thriftjava.Span> spans) {
    Map<String, String> names = new TreeMap<>();
    Map<String, String> parents = new TreeMap<>();
    for (io.jaegertracing.thriftjava.Span span : spans) {
      String id = String.format("%016x", span.getSpanId());
      names.put(id, span.getOperationName());
      parents.put(id, span.getParentSpanId() == 0 ? null : String.format("%016x", span.getParentSpanId()));
    }
    return shape(names, parents);
  }

  static Map<String, String> ofZipkin(List<zipkin2.Span> spans) {
    Map<String, String> names = new TreeMap<>();
    Map<String, String> parents = new TreeMap<>();
    for (zipkin2.Span span : spans) {
      names.put(span.id(), span.name());
      parents.put(span.id(), span.parentId());
    }
    return shape(names, parents);
  }

  private static Map<String, String> shape(Map<String, String> names, Map<String, String> parents) {
    Map<String, String> shape = new TreeMap<>();
    for (Map.Entry<String, String> entry : names.entrySet()) {
      String parent = parents.get(entry.getKey());
      String parentName = parent == null ? "-" : names.getOrDefault(parent, "?" + parent);
      shape.put(entry.getKey(), lower(entry.getValue()) + " <- " + lower(parentName));
    }
    return shape;
  }

  private static String lower(String name) {
    return name == null ? null : name.toLowerCase(Locale.ROOT);
  }
}
