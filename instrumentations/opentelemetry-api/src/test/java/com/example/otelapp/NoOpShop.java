package com.example.otelapp;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;

/** Application code that links against every API version, 0.16.0 too (below the range). */
public final class NoOpShop {
  private NoOpShop() {}

  /** What an application without the agent (or below the range) sees: the no-op API. */
  public static String traceIdOfOwnSpan() {
    Span span = GlobalOpenTelemetry.getTracer("shop").spanBuilder("pricing").startSpan();
    try {
      return span.getSpanContext().getTraceId();
    } finally {
      span.end();
    }
  }
}
