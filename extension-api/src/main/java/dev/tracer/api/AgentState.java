package dev.tracer.api;

import java.util.Collections;
import java.util.Map;

/**
 * Read-only sizes of the state the agent keeps per class loader (helper classes injected, libraries present,
 * type descriptions and class headers read while matching): how many class loaders each store has an entry
 * for now. Entries of loaders that were collected are gone, so once an undeployed application is collected
 * the sizes are back to what they were before it was deployed. Only numbers: the stores themselves are never
 * handed out. {@link #get()} returns the running agent's sizes (empty before it installed its instrumentation).
 */
public interface AgentState {
  /** Store name → class loaders it has an entry for. */
  Map<String, Integer> sizes();

  /** Class name of a class loader → entries for loaders of that class, all stores together. */
  Map<String, Integer> loaders();

  /** The running agent's state. */
  static AgentState get() {
    return Holder.current;
  }

  /** Called by the agent when it installs its instrumentation; not for extensions. */
  static void install(AgentState state) {
    Holder.current = state == null ? Holder.NONE : state;
  }

  /** Where {@link #get()} reads from. */
  final class Holder {
    static final AgentState NONE = new AgentState() {
      @Override
      public Map<String, Integer> sizes() {
        return Collections.emptyMap();
      }

      @Override
      public Map<String, Integer> loaders() {
        return Collections.emptyMap();
      }
    };
    static volatile AgentState current = NONE;

    private Holder() {}
  }
}
