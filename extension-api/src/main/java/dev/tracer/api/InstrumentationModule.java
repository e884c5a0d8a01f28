package dev.tracer.api;

import java.util.Collections;
import java.util.List;

/**
 * One library's instrumentation, found with {@link java.util.ServiceLoader}. Its advice may only call the
 * library itself and the bootstrap classes ({@code dev.tracer.bootstrap}): it is inlined into the library.
 */
public interface InstrumentationModule {
  /** Lower-case name, e.g. {@code jdbc}; {@code TRACER_INSTRUMENTATION_<NAME>_ENABLED} turns it off. */
  String name();

  /** The types to transform and the advice for each. */
  List<TypeInstrumentation> typeInstrumentations();

  /**
   * Classes that must be visible from a class loader for this module to apply there. When a matched type's
   * loader lacks one, the type is left untouched and one line says so (a library version we do not support).
   */
  default List<String> requiredClasses() {
    return Collections.emptyList();
  }
}
