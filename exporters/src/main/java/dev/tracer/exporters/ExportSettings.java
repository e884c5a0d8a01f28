package dev.tracer.exporters;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What the exporters need to know from the configuration. */
public final class ExportSettings {
  public final List<String> exporters;
  public final String otlpEndpoint;
  /** True when the user set the OTLP endpoint (otherwise the default depends on the protocol). */
  public final boolean otlpEndpointSet;
  public final String otlpProtocol;
  public final Map<String, String> otlpHeaders;
  public final String zipkinEndpoint;
  public final String jaegerEndpoint;
  public final long timeoutMillis;

  public ExportSettings(List<String> exporters, String otlpEndpoint, boolean otlpEndpointSet, String otlpProtocol,
      Map<String, String> otlpHeaders, String zipkinEndpoint, String jaegerEndpoint, long timeoutMillis) {
    this.exporters = Collections.unmodifiableList(exporters);
    this.otlpEndpoint = otlpEndpoint;
    this.otlpEndpointSet = otlpEndpointSet;
    this.otlpProtocol = otlpProtocol;
    this.otlpHeaders = Collections.unmodifiableMap(otlpHeaders);
    this.zipkinEndpoint = zipkinEndpoint;
    this.jaegerEndpoint = jaegerEndpoint;
    this.timeoutMillis = timeoutMillis;
  }
}
