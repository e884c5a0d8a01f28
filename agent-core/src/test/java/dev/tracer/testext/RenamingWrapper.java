package dev.tracer.testext;

import dev.tracer.api.ForwardingSpanEventHandler;
import dev.tracer.api.HandlerWrapper;
import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.DatabaseEvent;

/** Keeps the built-in database handler, prefixes its span names. */
public class RenamingWrapper implements HandlerWrapper<DatabaseEvent> {
  @Override
  public Class<DatabaseEvent> eventType() {
    return DatabaseEvent.class;
  }

  @Override
  public SpanEventHandler<DatabaseEvent> wrap(SpanEventHandler<DatabaseEvent> current) {
    return new ForwardingSpanEventHandler<DatabaseEvent>(current) {
      @Override
      public String spanName(DatabaseEvent event) {
        return "db: " + super.spanName(event);
      }
    };
  }
}
