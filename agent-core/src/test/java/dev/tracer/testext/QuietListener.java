package dev.tracer.testext;

import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.SpanEvent;

/** Listens to everything, does nothing. */
public class QuietListener implements SpanListener<SpanEvent> {}
