package dev.tracer.exporters;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured exporters by name ({@code otlp}, {@code zipkin}...). The span queue gives each its own lane;
 * used directly, it exports to all of them as the SDK's composite does.
 */
public final class ExporterSet implements SpanExporter {
  private final Map<String, SpanExporter> exporters;
  private final SpanExporter all;

  public ExporterSet(Map<String, SpanExporter> exporters) {
    this.exporters = Collections.unmodifiableMap(new LinkedHashMap<>(exporters));
    this.all = SpanExporter.composite(new ArrayList<>(exporters.values()));
  }

  public Map<String, SpanExporter> exporters() {
    return exporters;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    return all.export(spans);
  }

  @Override
  public CompletableResultCode flush() {
    return all.flush();
  }

  @Override
  public CompletableResultCode shutdown() {
    return all.shutdown();
  }

  @Override
  public String toString() {
    return "ExporterSet" + exporters.keySet();
  }
}
