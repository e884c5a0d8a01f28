package dev.tracer.bootstrap;

/** Span kinds as events name them (bootstrap cannot see the OpenTelemetry API). */
public final class SpanKinds {
  public static final String CLIENT = "CLIENT";
  public static final String SERVER = "SERVER";
  public static final String PRODUCER = "PRODUCER";
  public static final String CONSUMER = "CONSUMER";
  public static final String INTERNAL = "INTERNAL";

  private SpanKinds() {}
}
