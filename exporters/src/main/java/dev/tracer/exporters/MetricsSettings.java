package dev.tracer.exporters;

/** What the metrics pipeline needs to know from the configuration. */
public final class MetricsSettings {
  /** Export over OTLP, with the trace exporter's endpoint, protocol, headers and timeout. */
  public final boolean otlp;
  public final String host;
  /** Prometheus endpoint port; 0: not served. */
  public final int port;
  public final long intervalMillis;
  /** JVM runtime metrics beside the span metrics ({@code TRACER_RUNTIME_METRICS_ENABLED}). */
  public final boolean runtime;

  public MetricsSettings(boolean otlp, String host, int port, long intervalMillis) {
    this(otlp, host, port, intervalMillis, true);
  }

  public MetricsSettings(boolean otlp, String host, int port, long intervalMillis, boolean runtime) {
    this.otlp = otlp;
    this.host = host;
    this.port = port;
    this.intervalMillis = intervalMillis;
    this.runtime = runtime;
  }

  public boolean enabled() {
    return otlp || port > 0;
  }
}
