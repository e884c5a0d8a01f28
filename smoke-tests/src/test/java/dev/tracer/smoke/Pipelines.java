package dev.tracer.smoke;

import dev.tracer.agent.Config;
import dev.tracer.agent.Tracing;
import dev.tracer.exporters.Exporters;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** The agent's real export pipeline (config → exporters → span queue → SDK) built in the test JVM. */
final class Pipelines {
  private Pipelines() {}

  static Tracing create(Map<String, String> properties) {
    return create(new HashMap<>(), properties);
  }

  static Tracing create(Map<String, String> env, Map<String, String> properties) {
    Map<String, String> props = new HashMap<>();
    props.put("tracer.flush.interval", "50ms");
    // these pipelines are about spans, and their tests end only the queue: no metrics reader left behind
    props.put("tracer.metrics.exporter", "none");
    props.putAll(properties);
    Config config = new Config(env, props);
    if (!config.warnings().isEmpty()) {
      throw new IllegalArgumentException(String.valueOf(config.warnings()));
    }
    return Tracing.create(config, Exporters.create(Tracing.exportSettings(config)), Collections.emptyList());
  }
}
