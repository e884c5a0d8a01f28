package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.CustomEvent;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.Locale;
import java.util.Map;

/** Spans of application code traced by extensions: name, kind and attributes as the advice gave them. */
public final class CustomEventHandler implements SpanEventHandler<CustomEvent> {
  @Override
  public Class<CustomEvent> eventType() {
    return CustomEvent.class;
  }

  @Override
  public SpanKind kind(CustomEvent event) {
    try {
      return event.kind == null ? SpanKind.INTERNAL : SpanKind.valueOf(event.kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      return SpanKind.INTERNAL;
    }
  }

  @Override
  public String spanName(CustomEvent event) {
    return event.name == null || event.name.isEmpty() ? event.instrumentation : event.name;
  }

  /** Background work marked {@code root} starts a trace of its own, whatever is current on the thread. */
  @Override
  public Context parent(CustomEvent event, Context current) {
    return event.root ? Context.root() : current;
  }

  @Override
  public void onStart(CustomEvent event, SpanBuilder span) {
    span.setAllAttributes(attributes(event));
  }

  /** Attributes added before the end (a result, a count) are set too; those set at start again, harmlessly. */
  @Override
  public void onEnd(CustomEvent event, Span span) {
    span.setAllAttributes(attributes(event));
  }

  static Attributes attributes(CustomEvent event) {
    AttributesBuilder attributes = Attributes.builder();
    for (Map.Entry<String, Object> attribute : event.attributes.entrySet()) {
      Object value = attribute.getValue();
      String key = attribute.getKey();
      if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
        attributes.put(key, ((Number) value).longValue());
      } else if (value instanceof Double || value instanceof Float) {
        attributes.put(key, ((Number) value).doubleValue());
      } else if (value instanceof Boolean) {
        attributes.put(key, (Boolean) value);
      } else if (value != null) {
        attributes.put(key, value.toString());
      }
    }
    return attributes.build();
  }

  @Override
  public boolean nestable() {
    return true;
  }
}
