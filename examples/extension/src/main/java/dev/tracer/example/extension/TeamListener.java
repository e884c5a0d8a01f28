package dev.tracer.example.extension;

import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.DatabaseEvent;
import io.opentelemetry.api.trace.Span;

/** Adds {@code example.team} to every database span (the category is chosen by the event type). */
public final class TeamListener implements SpanListener<DatabaseEvent> {
  @Override
  public Class<DatabaseEvent> eventType() {
    return DatabaseEvent.class;
  }

  @Override
  public void onStart(DatabaseEvent event, Span span) {
    span.setAttribute("example.team", "orders");
  }
}
