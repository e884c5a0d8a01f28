package dev.tracer.api;

import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Adds an exporter next to the ones {@code TRACER_EXPORTER} configures: it receives every exported span from
 * the agent's queue, in batches, on the export thread, and is shut down (flushed) when the JVM exits. Found
 * with {@link java.util.ServiceLoader}.
 */
public interface SpanExporterProvider {
  /** The exporter to add, or null to add none (e.g. when a setting of the extension turns it off). */
  SpanExporter createExporter(ExtensionConfig config);
}
