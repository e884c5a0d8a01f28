package dev.tracer.agent;

import dev.tracer.api.AgentLog;
import dev.tracer.exporters.ExportSettings;
import dev.tracer.exporters.MetricsSettings;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * From the configuration to what the exporters and the resource are built with. Apart from {@link Tracing} (which
 * needs the bootstrap classes) so that {@code doctor}, which runs without them, shows exactly what the agent would use.
 */
final class ExportConfig {
  private ExportConfig() {}

  static MetricsSettings metricsSettings(Config config) {
    boolean otlp = "otlp".equals(config.metricsExporter) && config.exporters.contains("otlp");
    return new MetricsSettings(otlp, config.metricsHost, config.metricsPort, config.metricsIntervalMillis,
        config.runtimeMetricsEnabled);
  }

  static ExportSettings exportSettings(Config config) {
    return new ExportSettings(config.exporters, otlp(config, config.traces), otlp(config, config.metrics),
        config.zipkinEndpoint, config.zipkinCompression, config.zipkinTls, config.jaegerEndpoint, config.jaegerTls,
        config.exportTimeoutMillis);
  }

  /** A per-signal URL is used as given; else the base endpoint with the signal's path (HTTP) or as it is (gRPC). */
  static ExportSettings.Otlp otlp(Config config, Config.Signal signal) {
    String endpoint = signal.endpoint != null ? signal.endpoint
        : ExportSettings.otlpUrl(config.otlpEndpoint, config.otlpEndpointSet, signal.protocol, signal.name);
    return new ExportSettings.Otlp(endpoint, signal.protocol, signal.headers, signal.timeoutMillis,
        signal.compression, signal.tls);
  }

  /**
   * {@code telemetry.sdk.*}, then what is detected ({@link ResourceDetection}), then the user's
   * {@code TRACER_RESOURCE_ATTRIBUTES} and the service name: a later one wins.
   */
  static Resource resource(Config config) {
    if (!AgentLog.isDebug()) {
      return resource(config, ResourceDetection.detect(System.getenv(), config.resourceDisabledKeys));
    }
    // with debug, what detection costs: wall time, and this thread's CPU time (which other processes do not inflate)
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    Map<String, Object> detected = ResourceDetection.detect(System.getenv(), config.resourceDisabledKeys);
    long wall = System.nanoTime() - start;
    cpu = threads.getCurrentThreadCpuTime() - cpu;
    AgentLog.debug("resource: " + detected.size() + " attributes detected in " + TimeUnit.NANOSECONDS.toMicros(wall)
        + " µs (" + TimeUnit.NANOSECONDS.toMicros(cpu) + " µs of CPU)");
    return resource(config, detected);
  }

  static Resource resource(Config config, Map<String, Object> detected) {
    AttributesBuilder attributes = Attributes.builder();
    for (Map.Entry<String, Object> entry : detected.entrySet()) {
      Object value = entry.getValue();
      if (value instanceof Long) {
        attributes.put(AttributeKey.longKey(entry.getKey()), (Long) value);
      } else if (value instanceof List) {
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) value;
        attributes.put(AttributeKey.stringArrayKey(entry.getKey()), values);
      } else {
        attributes.put(entry.getKey(), String.valueOf(value));
      }
    }
    for (Map.Entry<String, String> entry : config.resourceAttributes.entrySet()) {
      attributes.put(entry.getKey(), entry.getValue());
    }
    attributes.put(AttributeKey.stringKey("service.name"), config.serviceName);
    attributes.put(AttributeKey.stringKey("telemetry.distro.name"), "tracer");
    return Resource.getDefault().merge(Resource.create(attributes.build()));
  }
}
