package dev.tracer.agent;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The class loader of one extension jar: its own classes, the JDK, and — through {@link ApiOnly} — the few
 * packages of the agent an extension compiles against. The rest of the agent (its configuration, handlers,
 * exporters, jctools, SDK internals) cannot be loaded from here, so an extension cannot come to depend on it.
 */
final class ExtensionClassLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  /** Packages an extension sees from the agent; anything under an {@code internal} package stays hidden. */
  static final String[] VISIBLE = {
    "dev.tracer.api.",
    "dev.tracer.bootstrap.",
    // what advice writing needs: matchers, descriptions, Advice and its annotations, assigner typing
    "net.bytebuddy.matcher.",
    "net.bytebuddy.description.",
    "net.bytebuddy.asm.",
    "net.bytebuddy.implementation.bytecode.assign.",
    // OpenTelemetry API and the public SDK types of exporters and samplers
    "io.opentelemetry.api.",
    "io.opentelemetry.context.",
    "io.opentelemetry.common.",
    "io.opentelemetry.sdk.common.",
    "io.opentelemetry.sdk.resources.",
    "io.opentelemetry.sdk.trace.",
  };

  ExtensionClassLoader(String name, URL jar, ClassLoader agentLoader) {
    super("tracer-extension:" + name, new URL[] {jar}, new ApiOnly(agentLoader));
  }

  static boolean visible(String className) {
    if (className.contains(".internal.")) {
      return false;
    }
    for (String prefix : VISIBLE) {
      if (className.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The parent of every extension loader: the JDK (platform loader), plus the {@link #VISIBLE} packages from
   * the agent's loader. Resources other than those packages' class files come from the JDK only, so a
   * {@code ServiceLoader} on an extension loader finds the extension's services, never the agent's.
   */
  static final class ApiOnly extends ClassLoader {
    static {
      registerAsParallelCapable();
    }

    private final ClassLoader agentLoader;

    ApiOnly(ClassLoader agentLoader) {
      super("tracer-extension-api", ClassLoader.getPlatformClassLoader());
      this.agentLoader = agentLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (visible(name)) {
        return agentLoader.loadClass(name);
      }
      return super.loadClass(name, resolve);
    }

    @Override
    protected URL findResource(String name) {
      return isVisibleClassFile(name) ? agentLoader.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
      URL url = findResource(name);
      return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }

    private static boolean isVisibleClassFile(String resource) {
      return resource.endsWith(".class")
          && visible(resource.substring(0, resource.length() - ".class".length()).replace('/', '.'));
    }
  }
}
