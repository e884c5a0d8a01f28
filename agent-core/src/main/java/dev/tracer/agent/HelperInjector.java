package dev.tracer.agent;

import dev.tracer.api.AgentLog;
import dev.tracer.api.InstrumentationModule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Defines a module's {@link InstrumentationModule#helperClasses() helper classes} in a library's class loader,
 * once per loader, so that advice inlined there can use them (the agent's own loader is invisible to the
 * library). A loader where this fails is left untransformed.
 */
final class HelperInjector {
  private final InstrumentationModule module;
  private final Map<ClassLoader, Boolean> injected = LoaderStores.weak("helpers-injected");

  HelperInjector(InstrumentationModule module) {
    this.module = module;
  }

  /** True when the helpers are (now) defined in {@code loader}. */
  boolean inject(ClassLoader loader, String forType) {
    List<String> helpers = module.helperClasses();
    if (helpers.isEmpty()) {
      return true;
    }
    if (loader == null) {
      AgentLog.warnOnce("helpers-bootstrap-" + module.name(),
          "instrumentation " + module.name() + " skipped for " + forType + ": helper classes cannot go to the bootstrap class loader");
      return false;
    }
    synchronized (injected) {
      Boolean known = injected.get(loader);
      if (known != null) {
        return known;
      }
      boolean ok;
      try {
        ClassFileLocator locator = ClassFileLocator.ForClassLoader.of(module.getClass().getClassLoader());
        Map<String, byte[]> types = new LinkedHashMap<>();
        for (String name : helpers) {
          types.put(name, locator.locate(name).resolve());
        }
        injector(loader).injectRaw(types);
        ok = true;
      } catch (Throwable t) {
        AgentLog.warnOnce("helpers-" + module.name() + "-" + System.identityHashCode(loader),
            "instrumentation " + module.name() + " skipped for " + forType + ": could not define its helper classes: " + t);
        ok = false;
      }
      injected.put(loader, ok);
      return ok;
    }
  }

  private static ClassInjector injector(ClassLoader loader) {
    if (ClassInjector.UsingReflection.isAvailable()) {
      return new ClassInjector.UsingReflection(loader);
    }
    return new ClassInjector.UsingUnsafe(loader);
  }
}
