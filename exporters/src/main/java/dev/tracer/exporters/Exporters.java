package dev.tracer.exporters;

import dev.tracer.api.AgentLog;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the configured exporters from the OpenTelemetry Java exporters. */
public final class Exporters {
  public static final String OTLP_HTTP_DEFAULT = "http://localhost:4318";
  /** The OTLP/gRPC endpoint when none is set. */
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
      } catch (TlsFiles.Invalid e) {
        AgentLog.warn("exporter '" + name + "' is off: " + e.getMessage() + " (the application is not affected)");
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
        ExportSettings.Otlp traces = settings.traces;
        TlsFiles tls = traces.tls.check();
        Duration otlpTimeout = Duration.ofMillis(traces.timeoutMillis);
        if (traces.grpc()) {
          OtlpGrpcSpanExporterBuilder grpc = OtlpGrpcSpanExporter.builder().setEndpoint(traces.endpoint)
              .setTimeout(otlpTimeout).setCompression(traces.compression).setRetryPolicy(RetryPolicy.getDefault());
          traces.headers.forEach(grpc::addHeader);
          return BuiltOnFirstExport.spans(name, tls.building(grpc::setSslContext, grpc::build));
        }
        OtlpHttpSpanExporterBuilder http = OtlpHttpSpanExporter.builder().setEndpoint(traces.endpoint)
            .setTimeout(otlpTimeout).setCompression(traces.compression).setRetryPolicy(RetryPolicy.getDefault())
            .setComponentLoader(HttpSending.AGENT_SENDER).setExecutorService(HttpSending.executor());
        traces.headers.forEach(http::addHeader);
        return BuiltOnFirstExport.spans(name, tls.building(http::setSslContext, http::build));
      case "zipkin":
        URI.create(settings.zipkinEndpoint);
        TlsFiles zipkinTls = settings.zipkinTls.check();
        boolean gzip = ExportSettings.GZIP.equals(settings.zipkinCompression);
        return BuiltOnFirstExport.spans(name, () -> ZipkinSpanExporter.builder()
            .setSender(new ZipkinHttpSender(settings.zipkinEndpoint, timeout, zipkinTls.load(), gzip)).build());
      case "jaeger":
        URI.create(settings.jaegerEndpoint); // a malformed endpoint fails here, at start-up
        TlsFiles jaegerTls = settings.jaegerTls.check();
        return BuiltOnFirstExport.spans(name, () -> new JaegerThriftSpanExporter(settings.jaegerEndpoint, timeout,
            Collections.emptyMap(), jaegerTls.load()));
      case "none":
        return null;
      default:
        AgentLog.warn("exporter '" + name + "' is not available, skipped");
        return null;
    }
  }
}
