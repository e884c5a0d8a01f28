package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.CustomEvent;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener as a product would register one: what it was told about the application's own spans. */
public final class RecordingListener implements SpanListener<CustomEvent> {
  static final List<String> TOLD = new CopyOnWriteArrayList<>();

  @Override
  public Class<CustomEvent> eventType() {
    return CustomEvent.class;
  }

  @Override
  public void onStart(CustomEvent event, Span span) {
    if (event.instrumentation.equals("opentelemetry-api")) {
      TOLD.add("start " + event.name + " " + event.kind + " " + span.getSpanContext().getSpanId());
    }
  }

  @Override
  public void onEnd(CustomEvent event, Span span) {
    if (event.instrumentation.equals("opentelemetry-api")) {
      span.setAttribute("listener.saw", true);
      TOLD.add("end " + event.name + " " + span.getSpanContext().getSpanId());
    }
  }
}
