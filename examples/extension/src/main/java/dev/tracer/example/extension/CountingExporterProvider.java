package dev.tracer.example.extension;

import dev.tracer.api.ExtensionConfig;
import dev.tracer.api.SpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts exported spans and prints the count on standard error when the JVM exits. {@code EXAMPLE_COUNT=false}
 * (or {@code -Dexample.count=false}) leaves it out.
 */
public final class CountingExporterProvider implements SpanExporterProvider {
  @Override
  public SpanExporter createExporter(ExtensionConfig config) {
    return "false".equals(config.get("EXAMPLE_COUNT", "true")) ? null : new Counting();
  }

  static final class Counting implements SpanExporter {
    private final AtomicLong spans = new AtomicLong();

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAndGet(batch.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      System.err.println("[example-extension] spans exported: " + spans.get());
      return CompletableResultCode.ofSuccess();
    }
  }
}
