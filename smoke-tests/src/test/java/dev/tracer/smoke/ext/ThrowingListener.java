package dev.tracer.smoke.ext;

import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.trace.Span;

/** Throws for every span, at start and at end. */
public class ThrowingListener implements SpanListener<SpanEvent> {
  @Override
  public void onStart(SpanEvent event, Span span) {
    throw new IllegalStateException("listener bug at start");
  }

  @Override
  public void onEnd(SpanEvent event, Span span) {
    throw new IllegalStateException("listener bug at end");
  }
}
