package dev.tracer.agent;

import dev.tracer.api.AgentLog;
import dev.tracer.api.InstrumentationModule;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
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
  private final Definer definer;
  private final Map<ClassLoader, Boolean> injected = LoaderStores.weak("helpers-injected");

  HelperInjector(InstrumentationModule module, Definer definer) {
    this.module = module;
    this.definer = definer;
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
        if (definer != null) {
          definer.define(loader, types);
        } else {
          injector(loader).injectRaw(types);
        }
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

  /**
   * Defines classes with the class loader's own protected methods, which the agent may call once java.lang is
   * opened to it through {@link Instrumentation#redefineModule}: Byte Buddy's reflective injector does the same,
   * but builds its way around the module system first, a tenth of a second of start-up for the first helper.
   */
  static final class Definer {
    private final Method lock;
    private final Method findLoaded;
    private final Method define;

    private Definer(Instrumentation inst) throws ReflectiveOperationException {
      Module javaBase = ClassLoader.class.getModule();
      inst.redefineModule(javaBase, Collections.emptySet(), Collections.emptyMap(),
          Collections.singletonMap("java.lang", Collections.singleton(Definer.class.getModule())),
          Collections.emptySet(), Collections.emptyMap());
      lock = accessible(ClassLoader.class.getDeclaredMethod("getClassLoadingLock", String.class));
      findLoaded = accessible(ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class));
      define = accessible(ClassLoader.class.getDeclaredMethod("defineClass", String.class, byte[].class, int.class,
          int.class, ProtectionDomain.class));
    }

    /** Null when this JVM will not open java.lang (or there is no Instrumentation): Byte Buddy's injectors are used. */
    static Definer open(Instrumentation inst) {
      try {
        return inst == null ? null : new Definer(inst);
      } catch (ReflectiveOperationException | RuntimeException e) {
        AgentLog.debug("helper classes are defined through Byte Buddy's injector: " + e);
        return null;
      }
    }

    /** Defines each class, in order, unless the loader has it already (from an earlier module, say). */
    void define(ClassLoader loader, Map<String, byte[]> types) throws Throwable {
      try {
        for (Map.Entry<String, byte[]> type : types.entrySet()) {
          synchronized (lock.invoke(loader, type.getKey())) {
            if (findLoaded.invoke(loader, type.getKey()) == null) {
              byte[] bytes = type.getValue();
              define.invoke(loader, type.getKey(), bytes, 0, bytes.length, null);
            }
          }
        }
      } catch (java.lang.reflect.InvocationTargetException e) { // what the loader threw, e.g. a LinkageError
        throw e.getCause();
      }
    }

    private static Method accessible(Method method) {
      method.setAccessible(true);
      return method;
    }
  }
}
