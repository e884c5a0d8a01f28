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
  /**
   * True for background work that is a unit of its own (a scheduled run, a job): the span starts a new trace, even
   * when a context is current on the thread (one leaked onto a pool thread, or captured when the work was scheduled).
   */
  public boolean root;

  public CustomEvent(String instrumentation, String name) {
    super(instrumentation);
    this.name = name;
  }

  /**
   * The span of one method of application code: named {@code <SimpleClass>.<method>}, with {@code code.namespace}
   * (the class's name) and {@code code.function}. Generated suffixes ({@code $$EnhancerBySpringCGLIB...},
   * {@code $$Lambda...}) are not part of the names.
   */
  public static CustomEvent method(String instrumentation, Class<?> type, String method) {
    return method(instrumentation, null, type, method);
  }

  /** As {@link #method(String, Class, String)}, named {@code spanName} unless that is null or empty. */
  public static CustomEvent method(String instrumentation, String spanName, Class<?> type, String method) {
    String namespace = codeNamespace(type);
    return call(instrumentation, spanName(spanName, namespace, method), namespace, method);
  }

  /**
   * The span of one call, with names worked out once per method ({@link #codeNamespace}, {@link #spanName}) by an
   * instrumentation that keeps them: the same span as {@link #method(String, String, Class, String)}.
   */
  public static CustomEvent call(String instrumentation, String spanName, String codeNamespace, String method) {
    return new CustomEvent(instrumentation, spanName)
        .attribute("code.namespace", codeNamespace)
        .attribute("code.function", method);
  }

  /** The class's name without a generated suffix ({@code $$EnhancerBySpringCGLIB...}, {@code $$Lambda...}). */
  public static String codeNamespace(Class<?> type) {
    String className = type.getName();
    int generated = className.indexOf("$$");
    return generated > 0 ? className.substring(0, generated) : className;
  }

  /**
   * {@code given} unless it is null or empty, else {@code <SimpleClass>.<method>}: {@code Outer$Inner} is
   * {@code Inner}, as getSimpleName says; {@code Outer$1} stays.
   */
  public static String spanName(String given, String codeNamespace, String method) {
    if (given != null && !given.isEmpty()) {
      return given;
    }
    String simple = codeNamespace.substring(codeNamespace.lastIndexOf('.') + 1);
    int nested = simple.lastIndexOf('$');
    if (nested >= 0 && nested + 1 < simple.length() && !Character.isDigit(simple.charAt(nested + 1))) {
      simple = simple.substring(nested + 1);
    }
    return simple + "." + method;
  }

  /** Adds an attribute; a null value is ignored. */
  public CustomEvent attribute(String key, Object value) {
    if (key != null && value != null) {
      attributes.put(key, value);
    }
    return this;
  }
}
