package dev.tracer.api;

/** Settings of an extension, read like the agent's own: the {@code -Dx.y} property wins over the {@code X_Y} variable. */
public interface ExtensionConfig {
  /** The value of {@code variable} (e.g. {@code ACME_ENDPOINT}, property {@code acme.endpoint}), else {@code defaultValue}. */
  String get(String variable, String defaultValue);
}
