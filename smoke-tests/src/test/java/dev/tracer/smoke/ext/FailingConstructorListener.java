package dev.tracer.smoke.ext;

import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.SpanEvent;

/** Cannot be constructed. */
public class FailingConstructorListener implements SpanListener<SpanEvent> {
  public FailingConstructorListener() {
    throw new IllegalStateException("broken on purpose");
  }
}
