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

  /**
   * Called once, before {@link #typeInstrumentations()}, with the agent's settings: for a module whose targets the
   * user names (methods by configuration). A setting of the agent's own table comes as the agent checked it.
   */
  default void configure(ExtensionConfig config) {}

  /** The types to transform and the advice for each. */
  List<TypeInstrumentation> typeInstrumentations();

  /**
   * Classes that must be visible from a class loader for this module to apply there. When a matched type's
   * loader lacks one, the type is left untouched and one line says so (a library version we do not support).
   */
  default List<String> requiredClasses() {
    return Collections.emptyList();
  }

  /**
   * Classes of this module (binary names, nested classes listed too) that are defined in the class loader of
   * every type the module transforms, before that type's advice can run: for code that must implement or
   * call the library's own types, such as an interceptor the advice registers with the library. Like advice,
   * they may use only the library, the JDK and the bootstrap classes.
   */
  default List<String> helperClasses() {
    return Collections.emptyList();
  }
}
