package dev.tracer.exporters;

/** What the metrics pipeline needs to know from the configuration. */
public final class MetricsSettings {
  /** Export over OTLP, with the trace exporter's endpoint, protocol, headers and timeout. */
  public final boolean otlp;
  public final String host;
  /** Prometheus endpoint port; 0: not served. */
  public final int port;
  public final long intervalMillis;

  public MetricsSettings(boolean otlp, String host, int port, long intervalMillis) {
    this.otlp = otlp;
    this.host = host;
    this.port = port;
    this.intervalMillis = intervalMillis;
  }

  public boolean enabled() {
    return otlp || port > 0;
  }
}
