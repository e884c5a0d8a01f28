package dev.tracer.api;

import java.util.Collections;
import java.util.List;

/**
 * One library's (or one application's) instrumentation, found with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.tracer.api.InstrumentationModule}, in tracer.jar or in an extension jar.
 *
 * <p>Its advice is inlined into the instrumented classes, so it may only call the instrumented library, the
 * JDK classes that library can see, and the bootstrap classes ({@code dev.tracer.bootstrap}: events and
 * {@code Dispatch}) — never other classes of the module or of the extension. An extension that traces its
 * own code uses {@code dev.tracer.bootstrap.CustomEvent}.
 */
public interface InstrumentationModule {
  /**
   * Lower-case name, e.g. {@code jdbc}; {@code TRACER_INSTRUMENTATION_<NAME>_ENABLED=false} turns it off
   * ({@code <NAME>} upper-cased, {@code -} as {@code _}).
   */
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
