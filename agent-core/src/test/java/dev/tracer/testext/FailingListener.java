package dev.tracer.testext;

import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.SpanEvent;

/** Cannot even be constructed. */
public class FailingListener implements SpanListener<SpanEvent> {
  public FailingListener() {
    throw new IllegalStateException("broken on purpose");
  }
}
