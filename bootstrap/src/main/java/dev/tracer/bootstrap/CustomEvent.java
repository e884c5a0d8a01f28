package dev.tracer.bootstrap;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A span of the application's own code, for instrumentations of extensions (their advice may only use
 * bootstrap types). The span is named {@link #name}, of kind {@link #kind}, with {@link #attributes}; calls
 * nest (a traced method calling another gives a child span).
 */
public final class CustomEvent extends SpanEvent {
  /** The span name, e.g. {@code OrderService.place}. */
  public final String name;
  /** {@code INTERNAL} (default), {@code SERVER}, {@code CLIENT}, {@code PRODUCER} or {@code CONSUMER}. */
  public String kind = "INTERNAL";
  /** String, Long, Integer, Double or Boolean values (anything else as its text); may be added before the end. */
  public final Map<String, Object> attributes = new LinkedHashMap<>();

  public CustomEvent(String instrumentation, String name) {
    super(instrumentation);
    this.name = name;
  }

  /** Adds an attribute; a null value is ignored. */
  public CustomEvent attribute(String key, Object value) {
    if (key != null && value != null) {
      attributes.put(key, value);
    }
    return this;
  }
}
