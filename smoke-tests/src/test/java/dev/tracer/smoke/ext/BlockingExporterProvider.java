package dev.tracer.smoke.ext;

import dev.tracer.api.ExtensionConfig;
import dev.tracer.api.SpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/** An extension's exporter that never returns from any call (deadlocked, and synchronized as well). */
public final class BlockingExporterProvider implements SpanExporterProvider {
  @Override
  public SpanExporter createExporter(ExtensionConfig config) {
    return new BlockingExporter();
  }

  public static final class BlockingExporter implements SpanExporter {
    private static synchronized CompletableResultCode forever() {
      while (true) {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException ignored) {
          // still blocked
        }
      }
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
      return forever();
    }

    @Override
    public synchronized CompletableResultCode flush() {
      return forever();
    }

    @Override
    public synchronized CompletableResultCode shutdown() {
      return forever();
    }
  }
}
