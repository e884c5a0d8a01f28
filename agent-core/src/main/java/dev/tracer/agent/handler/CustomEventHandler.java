package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.CustomEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/** Spans of application code traced by extensions: name, kind and attributes as the advice gave them. */
public final class CustomEventHandler implements SpanEventHandler<CustomEvent> {
  @Override
  public Class<CustomEvent> eventType() {
    return CustomEvent.class;
  }

  @Override
  public SpanKind kind(CustomEvent event) {
    String kind = event.kind;
    if (kind == null || kind.equals("INTERNAL")) {
      return SpanKind.INTERNAL; // the default, without a case conversion and an enum lookup per span
    }
    try {
      return SpanKind.valueOf(kind.toUpperCase(Locale.ROOT));
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
    forEachAttribute(event, span::setAttribute);
  }

  /**
   * Attributes added before the end (a result, a count) are set too; those the span already has with the same
   * value are not set again (a second set would count as a replaced attribute).
   */
  @Override
  public void onEnd(CustomEvent event, Span span) {
    if (!(span instanceof ReadableSpan)) {
      forEachAttribute(event, span::setAttribute);
      return;
    }
    ReadableSpan readable = (ReadableSpan) span;
    forEachAttribute(event, (key, value) -> {
      if (!value.equals(readable.getAttribute(key))) {
        span.setAttribute(key, value);
      }
    });
  }

  /**
   * Each attribute of the event with its typed key (String, Long, Double, Boolean; other numbers widened, anything
   * else as its text), straight to the span: no {@code Attributes} built and sorted per span.
   */
  @SuppressWarnings("unchecked")
  void forEachAttribute(CustomEvent event, BiConsumer<AttributeKey<Object>, Object> action) {
    for (Map.Entry<String, Object> attribute : event.attributes.entrySet()) {
      Object value = attribute.getValue();
      String key = attribute.getKey();
      if (key == null || value == null) {
        continue;
      }
      if (value instanceof String) {
        action.accept((AttributeKey<Object>) (AttributeKey<?>) AttributeKeys.string(key), value);
      } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
        action.accept((AttributeKey<Object>) (AttributeKey<?>) AttributeKeys.longKey(key),
            ((Number) value).longValue());
      } else if (value instanceof Double || value instanceof Float) {
        action.accept((AttributeKey<Object>) (AttributeKey<?>) AttributeKeys.doubleKey(key),
            ((Number) value).doubleValue());
      } else if (value instanceof Boolean) {
        action.accept((AttributeKey<Object>) (AttributeKey<?>) AttributeKeys.booleanKey(key), value);
      } else {
        action.accept((AttributeKey<Object>) (AttributeKey<?>) AttributeKeys.string(key),
            value.toString());
      }
    }
  }

  @Override
  public boolean nestable() {
    return true;
  }
}
