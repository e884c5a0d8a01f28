package dev.tracer.exporters;

import dev.tracer.api.AgentLog;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporterBuilder;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the configured exporters from the OpenTelemetry Java exporters. */
public final class Exporters {
  public static final String OTLP_HTTP_DEFAULT = "http://localhost:4318";
  public static final String OTLP_GRPC_DEFAULT = "http://localhost:4317";

  private Exporters() {}

  /** The configured exporters by name, as an {@link ExporterSet}; {@code none} (or nothing usable) gives null. */
  public static SpanExporter create(ExportSettings settings) {
    ExporterLogging.install();
    Map<String, SpanExporter> built = new LinkedHashMap<>();
    for (String name : settings.exporters) {
      try {
        SpanExporter exporter = built.containsKey(name) ? null : create(name, settings);
        if (exporter != null) {
          built.put(name, exporter);
        }
      } catch (Throwable t) {
        AgentLog.warn("exporter '" + name + "' could not be created, skipped: " + t);
      }
    }
    if (built.isEmpty()) {
      return null;
    }
    return new ExporterSet(built);
  }

  /**
   * Exporters by name, for the span queue's lanes: an {@link ExporterSet}'s members as they are named, any
   * other exporter (an extension's, a test's) by its class's simple name; a repeated name gets {@code #2}...
   */
  public static Map<String, SpanExporter> named(SpanExporter... exporters) {
    return named(Arrays.asList(exporters));
  }

  public static Map<String, SpanExporter> named(List<SpanExporter> exporters) {
    Map<String, SpanExporter> named = new LinkedHashMap<>();
    for (SpanExporter exporter : exporters) {
      if (exporter instanceof ExporterSet) {
        for (Map.Entry<String, SpanExporter> member : ((ExporterSet) exporter).exporters().entrySet()) {
          put(named, member.getKey(), member.getValue());
        }
      } else if (exporter != null) {
        String simple = exporter.getClass().getSimpleName();
        put(named, simple.isEmpty() ? exporter.getClass().getName() : simple, exporter);
      }
    }
    return named;
  }

  private static void put(Map<String, SpanExporter> named, String name, SpanExporter exporter) {
    String key = name;
    for (int i = 2; named.containsKey(key); i++) {
      key = name + "#" + i;
    }
    named.put(key, exporter);
  }

  private static SpanExporter create(String name, ExportSettings settings) {
    Duration timeout = Duration.ofMillis(settings.timeoutMillis);
    switch (name) {
      case "logging":
        return new LoggingSpanExporter(System.err);
      case "otlp":
        if ("grpc".equals(settings.otlpProtocol)) {
          String endpoint = settings.otlpEndpointSet ? settings.otlpEndpoint : OTLP_GRPC_DEFAULT;
          OtlpGrpcSpanExporterBuilder grpc = OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).setTimeout(timeout);
          for (Map.Entry<String, String> header : settings.otlpHeaders.entrySet()) {
            grpc.addHeader(header.getKey(), header.getValue());
          }
          return BuiltOnFirstExport.spans(name, grpc::build);
        }
        OtlpHttpSpanExporterBuilder http = OtlpHttpSpanExporter.builder()
            .setEndpoint(tracesPath(settings.otlpEndpoint)).setTimeout(timeout)
            .setComponentLoader(HttpSending.JDK_SENDER).setExecutorService(HttpSending.executor());
        for (Map.Entry<String, String> header : settings.otlpHeaders.entrySet()) {
          http.addHeader(header.getKey(), header.getValue());
        }
        return BuiltOnFirstExport.spans(name, http::build);
      case "zipkin":
        ZipkinSpanExporterBuilder zipkin = ZipkinSpanExporter.builder().setEndpoint(settings.zipkinEndpoint)
            .setReadTimeout(timeout);
        return BuiltOnFirstExport.spans(name, zipkin::build);
      case "jaeger":
        URI.create(settings.jaegerEndpoint); // a malformed endpoint fails here, at start-up
        return BuiltOnFirstExport.spans(name,
            () -> new JaegerThriftSpanExporter(settings.jaegerEndpoint, timeout, java.util.Collections.emptyMap()));
      case "none":
        return null;
      default:
        AgentLog.warn("exporter '" + name + "' is not available, skipped");
        return null;
    }
  }

  /** The OTLP base endpoint gets the signal path, as the OTLP exporter specification says. */
  static String tracesPath(String endpoint) {
    if (endpoint.endsWith("/v1/traces")) {
      return endpoint;
    }
    return endpoint.endsWith("/") ? endpoint + "v1/traces" : endpoint + "/v1/traces";
  }
}
