package dev.tracer.agent;

import dev.tracer.agent.handler.DatabaseEventHandler;
import dev.tracer.agent.handler.Handlers;
import dev.tracer.agent.handler.MessagingEventHandler;
import dev.tracer.agent.handler.RpcEventHandler;
import dev.tracer.api.AgentLog;
import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SpanEventHandler;
import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.InternalThread;
import dev.tracer.bootstrap.Propagation;
import dev.tracer.exporters.Exporters;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/** Started by the launcher inside the agent's own class loader. */
public final class Agent {
  private Agent() {}

  /** The {@code premain} of tracer.jar, after the launcher has set up the class loaders. */
  public static void start(Instrumentation inst, String args, File jar) {
    try {
      long started = System.nanoTime();
      Config config = Config.fromSystem();
      if (!config.enabled) {
        return;
      }
      SpanExporter exporter = Exporters.create(Tracing.exportSettings(config));
      Tracing tracing = install(inst, config, exporter, Agent.class.getClassLoader());
      Runtime.getRuntime().addShutdownHook(new InternalThread(tracing::shutdown, "tracer-shutdown"));
      AgentLog.info("started in " + (System.nanoTime() - started) / 1_000_000 + " ms: service.name=" + config.serviceName
          + ", exporter=" + String.join(",", config.exporters));
    } catch (Throwable t) {
      AgentLog.warn("could not start, the application runs untraced: " + t);
    }
  }

  /**
   * Wires everything for one JVM: SDK, handlers, listeners, Dispatch, then the instrumentations. Also what the
   * in-process test harness calls, with an exporter of its own.
   */
  public static Tracing install(Instrumentation inst, Config config, SpanExporter exporter, ClassLoader loader) {
    AgentLog.setDebug(config.debug);
    List<InstrumentationModule> modules = new ArrayList<>();
    List<String> disabled = new ArrayList<>();
    for (InstrumentationModule module : ServiceLoader.load(InstrumentationModule.class, loader)) {
      if (config.instrumentationEnabled(module.name())) {
        modules.add(module);
      } else {
        disabled.add(module.name());
      }
    }
    for (String warning : config.warnings()) {
      AgentLog.warn(warning);
    }
    Tracing tracing = Tracing.create(config, exporter, Collections.emptyList());
    Handlers handlers = new Handlers(tracing.tracer, config.peerServiceMapping);
    for (SpanEventHandler<?> handler : builtInHandlers(config, tracing)) {
      handlers.register(handler);
    }
    for (SpanEventHandler<?> handler : ServiceLoader.load(SpanEventHandler.class, loader)) {
      handlers.register(handler);
    }
    for (SpanListener listener : ServiceLoader.load(SpanListener.class, loader)) {
      handlers.addListener(listener);
    }
    Propagation.setFields(tracing.propagators.getTextMapPropagator().fields().toArray(new String[0]));
    Dispatch.install(handlers);
    Set<ClassLoader> agentLoaders = Collections.newSetFromMap(new IdentityHashMap<>());
    if (loader != ClassLoader.getSystemClassLoader()) {
      agentLoaders.add(loader);
    }
    new Installer(agentLoaders).install(inst, modules);
    List<String> names = new ArrayList<>();
    for (InstrumentationModule module : modules) {
      names.add(module.name());
    }
    AgentLog.debug("instrumentations: " + names + (disabled.isEmpty() ? "" : ", disabled: " + disabled));
    return tracing;
  }

  static List<SpanEventHandler<?>> builtInHandlers(Config config, Tracing tracing) {
    List<SpanEventHandler<?>> handlers = new ArrayList<>();
    handlers.add(new DatabaseEventHandler(config.dbStatementSanitize));
    handlers.add(new MessagingEventHandler(tracing.propagators));
    handlers.add(new RpcEventHandler(tracing.propagators));
    return handlers;
  }
}
