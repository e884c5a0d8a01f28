package dev.tracer.smoke.ext;

/** What {@link AgentStateView} publishes. */
public interface AgentStateViewMBean {
  /** The agent's state store sizes, as {@code {name=size, ...}}. */
  String getSizes();

  /** Entries per class loader class, as {@code {class=entries, ...}}. */
  String getLoaders();
}
