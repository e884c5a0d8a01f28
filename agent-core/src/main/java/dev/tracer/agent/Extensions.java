package dev.tracer.agent;

import dev.tracer.agent.handler.Handlers;
import dev.tracer.api.AgentLog;
import dev.tracer.exporters.ExporterSet;
import dev.tracer.api.ExtensionConfig;
import dev.tracer.api.HandlerWrapper;
import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SamplerProvider;
import dev.tracer.api.SpanEventHandler;
import dev.tracer.api.SpanExporterProvider;
import dev.tracer.api.SpanListener;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.io.File;
import java.net.MalformedURLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The extensions of {@code TRACER_EXTENSIONS}: each jar in a class loader of its own
 * ({@link ExtensionClassLoader}), its services found with {@link ServiceLoader}. Whatever is broken in one
 * (a missing jar or class, a constructor that throws) is reported in one line and skipped; exporters and
 * samplers are guarded at run time as well. Handlers and listeners are isolated by {@link Handlers}.
 */
final class Extensions {
  /** One extension jar and what it provides. */
  static final class Extension {
    final String name;
    final ClassLoader loader;
    final List<InstrumentationModule> modules;
    final List<SpanEventHandler<?>> handlers;
    final List<HandlerWrapper<?>> wrappers;
    final List<SpanListener<?>> listeners;
    final List<SpanExporterProvider> exporters;
    final List<SamplerProvider> samplers;

    @SuppressWarnings({"unchecked", "rawtypes"})
    Extension(String name, ClassLoader loader) {
      this.name = name;
      this.loader = loader;
      modules = services(InstrumentationModule.class, loader, name);
      handlers = (List) services(SpanEventHandler.class, loader, name);
      wrappers = (List) services(HandlerWrapper.class, loader, name);
      listeners = (List) services(SpanListener.class, loader, name);
      exporters = services(SpanExporterProvider.class, loader, name);
      samplers = services(SamplerProvider.class, loader, name);
    }

    String summary() {
      List<String> parts = new ArrayList<>();
      count(parts, modules.size(), "instrumentation");
      count(parts, handlers.size(), "handler");
      count(parts, wrappers.size(), "handler wrapper");
      count(parts, listeners.size(), "listener");
      count(parts, exporters.size(), "exporter");
      count(parts, samplers.size(), "sampler");
      return parts.isEmpty() ? "nothing to load" : String.join(", ", parts);
    }

    private static void count(List<String> parts, int n, String what) {
      if (n > 0) {
        parts.add(n + " " + what + (n > 1 ? "s" : ""));
      }
    }
  }

  final List<Extension> loaded = new ArrayList<>();

  /** Loads every jar of {@code paths} (jar files or folders of jars) beside {@code agentLoader}. */
  static Extensions load(List<String> paths, ClassLoader agentLoader) {
    Extensions extensions = new Extensions();
    for (File jar : jars(paths)) {
      try {
        ClassLoader loader = new ExtensionClassLoader(jar.getName(), jar.toURI().toURL(), agentLoader);
        Extension extension = new Extension(jar.getName(), loader);
        extensions.loaded.add(extension);
        AgentLog.info("extension " + jar.getName() + ": " + extension.summary());
      } catch (MalformedURLException | RuntimeException | LinkageError e) {
        AgentLog.warn("extension " + jar + " could not be loaded, skipped: " + oneLine(e));
      }
    }
    return extensions;
  }

  static List<File> jars(List<String> paths) {
    List<File> jars = new ArrayList<>();
    for (String path : paths) {
      File file = new File(path);
      if (file.isDirectory()) {
        File[] inside = file.listFiles((dir, name) -> name.endsWith(".jar"));
        if (inside == null || inside.length == 0) {
          AgentLog.warn("extension folder " + path + " (TRACER_EXTENSIONS) holds no .jar file, nothing loaded from it");
        } else {
          Arrays.sort(inside); // a stable order: handlers and samplers of later jars win
          jars.addAll(Arrays.asList(inside));
        }
      } else if (file.isFile()) {
        jars.add(file);
      } else {
        AgentLog.warn("extension " + path + " (TRACER_EXTENSIONS) does not exist, skipped");
      }
    }
    return jars;
  }

  /**
   * Every provider of {@code type} in {@code loader}; one that cannot be loaded or constructed is reported
   * in one line and skipped, the others are still loaded.
   */
  static <T> List<T> services(Class<T> type, ClassLoader loader, String origin) {
    List<T> found = new ArrayList<>();
    Iterator<T> providers = ServiceLoader.load(type, loader).iterator();
    for (int failures = 0; failures < 100; ) {
      try {
        if (!providers.hasNext()) {
          break;
        }
        found.add(providers.next());
      } catch (Throwable t) { // ServiceConfigurationError, LinkageError: the iterator moves on to the next one
        failures++;
        AgentLog.warn(origin + ": a " + type.getSimpleName() + " could not be loaded, skipped: " + oneLine(t));
      }
    }
    return found;
  }

  List<ClassLoader> loaders() {
    List<ClassLoader> loaders = new ArrayList<>();
    for (Extension extension : loaded) {
      loaders.add(extension.loader);
    }
    return loaders;
  }

  /** The instrumentation modules of all extensions (a module whose name cannot be read is skipped). */
  List<InstrumentationModule> modules() {
    List<InstrumentationModule> modules = new ArrayList<>();
    for (Extension extension : loaded) {
      for (InstrumentationModule module : extension.modules) {
        try {
          if (module.name() != null) {
            modules.add(module);
          }
        } catch (Throwable t) {
          AgentLog.warn(extension.name + ": instrumentation " + module.getClass().getName() + " skipped: " + oneLine(t));
        }
      }
    }
    return modules;
  }

  /** Handlers replace those registered so far, then wrappers wrap what is registered, then listeners. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  void register(Handlers target) {
    for (Extension extension : loaded) {
      for (SpanEventHandler<?> handler : extension.handlers) {
        try {
          target.register(handler);
        } catch (Throwable t) {
          AgentLog.warn(extension.name + ": handler " + handler.getClass().getName() + " skipped: " + oneLine(t));
        }
      }
    }
    for (Extension extension : loaded) {
      for (HandlerWrapper wrapper : extension.wrappers) {
        try {
          SpanEventHandler current = target.handler(wrapper.eventType());
          if (current == null) {
            AgentLog.warn(extension.name + ": handler wrapper " + wrapper.getClass().getName() + " skipped: no handler for "
                + wrapper.eventType().getName());
            continue;
          }
          SpanEventHandler wrapped = wrapper.wrap(current);
          if (wrapped != null) {
            target.register(wrapped);
          }
        } catch (Throwable t) {
          AgentLog.warn(extension.name + ": handler wrapper " + wrapper.getClass().getName() + " skipped: " + oneLine(t));
        }
      }
    }
    for (Extension extension : loaded) {
      for (SpanListener<?> listener : extension.listeners) {
        try {
          target.addListener(listener);
        } catch (Throwable t) {
          AgentLog.warn(extension.name + ": listener " + listener.getClass().getName() + " skipped: " + oneLine(t));
        }
      }
    }
  }

  /** The exporters of all extensions, each guarded: one that throws is reported once and never stops the others. */
  List<SpanExporter> exporters(ExtensionConfig config) {
    List<SpanExporter> exporters = new ArrayList<>();
    for (Extension extension : loaded) {
      for (SpanExporterProvider provider : extension.exporters) {
        try {
          SpanExporter exporter = provider.createExporter(config);
          if (exporter != null) {
            // named by its class in counters and log lines
            exporters.add(new ExporterSet(java.util.Map.of(exporter.getClass().getSimpleName(),
                new GuardedExporter(exporter, extension.name))));
          }
        } catch (Throwable t) {
          AgentLog.warn(extension.name + ": exporter " + provider.getClass().getName() + " skipped: " + oneLine(t));
        }
      }
    }
    return exporters;
  }

  /** The sampler after every provider had its turn; {@code configured} decides whenever one throws. */
  Sampler sampler(Sampler configured, ExtensionConfig config) {
    Sampler sampler = configured;
    for (Extension extension : loaded) {
      for (SamplerProvider provider : extension.samplers) {
        try {
          Sampler chosen = provider.createSampler(sampler, config);
          if (chosen != null) {
            sampler = new GuardedSampler(chosen, configured, extension.name);
          }
        } catch (Throwable t) {
          AgentLog.warn(extension.name + ": sampler " + provider.getClass().getName() + " skipped: " + oneLine(t));
        }
      }
    }
    return sampler;
  }

  /** A throwable as one line: itself and its first cause. */
  static String oneLine(Throwable t) {
    Throwable cause = t.getCause();
    String text = String.valueOf(t);
    if (cause != null && cause != t) {
      text += " (caused by " + cause + ")";
    }
    return text.replace('\n', ' ').replace('\r', ' ');
  }

  private static final class GuardedExporter implements SpanExporter {
    private final SpanExporter delegate;
    private final String origin;

    GuardedExporter(SpanExporter delegate, String origin) {
      this.delegate = delegate;
      this.origin = origin;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      try {
        return delegate.export(spans);
      } catch (Throwable t) {
        return failed("export", t);
      }
    }

    @Override
    public CompletableResultCode flush() {
      try {
        return delegate.flush();
      } catch (Throwable t) {
        return failed("flush", t);
      }
    }

    @Override
    public CompletableResultCode shutdown() {
      try {
        return delegate.shutdown();
      } catch (Throwable t) {
        return failed("shutdown", t);
      }
    }

    private CompletableResultCode failed(String what, Throwable t) {
      AgentLog.warnOnce("exporter-" + what + "-" + delegate.getClass().getName(), origin + ": exporter "
          + delegate.getClass().getName() + " failed at " + what + " (reported once): " + oneLine(t));
      return CompletableResultCode.ofFailure();
    }
  }

  private static final class GuardedSampler implements Sampler {
    private final Sampler delegate;
    private final Sampler fallback;
    private final String origin;

    GuardedSampler(Sampler delegate, Sampler fallback, String origin) {
      this.delegate = delegate;
      this.fallback = fallback;
      this.origin = origin;
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
        Attributes attributes, List<LinkData> parentLinks) {
      try {
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
      } catch (Throwable t) {
        AgentLog.warnOnce("sampler-" + delegate.getClass().getName(), origin + ": sampler " + delegate.getClass().getName()
            + " threw, the configured sampler decides (reported once): " + oneLine(t));
        return fallback.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
      }
    }

    @Override
    public String getDescription() {
      return delegate.getDescription();
    }
  }
}
