package dev.tracer.example.extension;

import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.HttpServerEvent;
import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.trace.Span;

/**
 * Adds {@code example.team} to every HTTP server span and every database span. A listener picks its categories
 * by event type: {@code eventType()} narrows it to one, {@code SpanEvent} hears them all.
 */
public final class TeamListener implements SpanListener<SpanEvent> {
  @Override
  public Class<SpanEvent> eventType() {
    return SpanEvent.class;
  }

  @Override
  public void onStart(SpanEvent event, Span span) {
    if (event instanceof HttpServerEvent || event instanceof DatabaseEvent) {
      span.setAttribute("example.team", "orders");
    }
  }
}
