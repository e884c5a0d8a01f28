package dev.tracer.agent.handler;

import io.opentelemetry.api.trace.SpanKind;

/** The kind an event names with {@link dev.tracer.bootstrap.SpanKinds}. */
final class Kinds {
  private Kinds() {}

  static SpanKind of(String name) {
    if (name == null) {
      return SpanKind.INTERNAL;
    }
    switch (name) {
      case "CLIENT":
        return SpanKind.CLIENT;
      case "SERVER":
        return SpanKind.SERVER;
      case "PRODUCER":
        return SpanKind.PRODUCER;
      case "CONSUMER":
        return SpanKind.CONSUMER;
      default:
        return SpanKind.INTERNAL;
    }
  }
}
