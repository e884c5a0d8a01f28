package dev.tracer.exporters;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What the exporters need to know from the configuration. */
public final class ExportSettings {
  public static final String GZIP = "gzip";
  public static final String NONE = "none";

  /** One OTLP signal's settings (traces or metrics), each resolved from its per-signal variable or the shared one. */
  public static final class Otlp {
    /** The full URL exports are sent to (a per-signal URL as given, else the base endpoint plus the signal's path). */
    public final String endpoint;
    public final String protocol;
    public final Map<String, String> headers;
    public final long timeoutMillis;
    /** {@link #GZIP} or {@link #NONE}. */
    public final String compression;
    public final TlsFiles tls;

    public Otlp(String endpoint, String protocol, Map<String, String> headers, long timeoutMillis, String compression,
        TlsFiles tls) {
      this.endpoint = endpoint;
      this.protocol = protocol;
      this.headers = Collections.unmodifiableMap(headers);
      this.timeoutMillis = timeoutMillis;
      this.compression = compression;
      this.tls = tls;
    }

    public boolean grpc() {
      return "grpc".equals(protocol);
    }
  }

  public final List<String> exporters;
  public final Otlp traces;
  public final Otlp metrics;
  public final String zipkinEndpoint;
  public final String zipkinCompression;
  public final TlsFiles zipkinTls;
  public final String jaegerEndpoint;
  public final TlsFiles jaegerTls;
  /** {@code TRACER_EXPORT_TIMEOUT}: Zipkin's and Jaeger's, and OTLP's unless a per-signal timeout is set. */
  public final long timeoutMillis;

  public ExportSettings(List<String> exporters, Otlp traces, Otlp metrics, String zipkinEndpoint,
      String zipkinCompression, TlsFiles zipkinTls, String jaegerEndpoint, TlsFiles jaegerTls, long timeoutMillis) {
    this.exporters = Collections.unmodifiableList(exporters);
    this.traces = traces;
    this.metrics = metrics;
    this.zipkinEndpoint = zipkinEndpoint;
    this.zipkinCompression = zipkinCompression;
    this.zipkinTls = zipkinTls;
    this.jaegerEndpoint = jaegerEndpoint;
    this.jaegerTls = jaegerTls;
    this.timeoutMillis = timeoutMillis;
  }

  /** One base endpoint and protocol for both signals, no TLS files, no compression (tests, benchmarks). */
  public ExportSettings(List<String> exporters, String otlpEndpoint, boolean otlpEndpointSet, String otlpProtocol,
      Map<String, String> otlpHeaders, String zipkinEndpoint, String jaegerEndpoint, long timeoutMillis) {
    this(exporters,
        new Otlp(otlpUrl(otlpEndpoint, otlpEndpointSet, otlpProtocol, "traces"), otlpProtocol, otlpHeaders,
            timeoutMillis, NONE, TlsFiles.NONE),
        new Otlp(otlpUrl(otlpEndpoint, otlpEndpointSet, otlpProtocol, "metrics"), otlpProtocol, otlpHeaders,
            timeoutMillis, NONE, TlsFiles.NONE),
        zipkinEndpoint, NONE, TlsFiles.NONE, jaegerEndpoint, TlsFiles.NONE, timeoutMillis);
  }

  /**
   * Where one signal goes when only the base endpoint is given, as the OTLP exporter specification says: over
   * HTTP the base plus {@code /v1/<signal>}; over gRPC the base itself ({@code localhost:4317} unless set).
   */
  public static String otlpUrl(String base, boolean baseSet, String protocol, String signal) {
    if ("grpc".equals(protocol)) {
      return baseSet ? base : Exporters.OTLP_GRPC_DEFAULT;
    }
    String path = "/v1/" + signal;
    if (base.endsWith(path)) {
      return base;
    }
    // a traces URL given whole as the base (an old habit) has its signal path replaced
    for (String other : new String[] {"/v1/traces", "/v1/metrics"}) {
      if (base.endsWith(other)) {
        return base.substring(0, base.length() - other.length()) + path;
      }
    }
    return base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path;
  }
}
