package dev.tracer.agent;

import dev.tracer.agent.handler.CustomEventHandler;
import dev.tracer.agent.handler.DatabaseEventHandler;
import dev.tracer.agent.handler.Handlers;
import dev.tracer.agent.handler.HttpClientEventHandler;
import dev.tracer.agent.handler.HttpServerEventHandler;
import dev.tracer.agent.handler.MessagingEventHandler;
import dev.tracer.agent.handler.Redaction;
import dev.tracer.agent.handler.RpcEventHandler;
import dev.tracer.agent.handler.ServerRoutes;
import dev.tracer.api.AgentLog;
import dev.tracer.api.AgentState;
import dev.tracer.api.ExtensionConfig;
import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SpanEventHandler;
import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.ApplicationMetrics;
import dev.tracer.bootstrap.ApplicationTracing;
import dev.tracer.bootstrap.ContextCarrier;
import dev.tracer.bootstrap.ContextComment;
import dev.tracer.bootstrap.CurrentTrace;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.InternalThread;
import dev.tracer.bootstrap.Propagation;
import dev.tracer.bootstrap.ServerRoute;
import dev.tracer.bootstrap.TracerLauncher;
import dev.tracer.exporters.Exporters;
import dev.tracer.exporters.HttpSending;
import dev.tracer.exporters.Metrics;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Started by the launcher inside the agent's own class loader. */
public final class Agent {
  private Agent() {}

  /** The {@code premain} of tracer.jar, after the launcher has set up the class loaders. */
  public static void start(Instrumentation inst, String args, File jar) {
    try {
      start(inst, Config.fromSystem(), "premain");
    } catch (Throwable t) {
      AgentLog.warn("could not start, the application runs untraced: " + t);
    }
  }

  /**
   * The {@code agentmain}: the agent joins a running JVM ({@code java -jar tracer.jar attach}). {@code args} is
   * {@code settings=<file>}, the attach command's settings as properties, which win over this JVM's own.
   */
  public static void attach(Instrumentation inst, String args, File jar) {
    try {
      Config config = Config.attached(AttachSettings.received(args, true), AttachSettings.received(args, false));
      start(inst, config, "attach");
    } catch (Throwable t) {
      AgentLog.warn("could not attach, the application runs untraced: " + t);
    }
  }

  private static void start(Instrumentation inst, Config config, String how) {
    long started = System.nanoTime();
    if (!config.enabled) {
      AgentLog.info("disabled by TRACER_ENABLED=false: nothing installed");
      return;
    }
    // set first: whatever happens below, a second start must not instrument again
    System.setProperty(TracerLauncher.RUNNING, Cli.version() + " " + how);
    ClassLoader loader = Agent.class.getClassLoader();
    Modules modules = Modules.load(config, loader);
    Installer installer = new Installer(modules.agentLoaders(loader));
    // the SDK and handlers before the gate: what they load (the JDK's executors, say) is then loaded already, so
    // the thread completing below never needs a class that an application thread waiting at the gate is loading
    SpanExporter exporter = Exporters.create(Tracing.exportSettings(config));
    Tracing tracing = wire(config, exporter, modules, loader, true);
    Runtime.getRuntime().addShutdownHook(new InternalThread(() -> {
      HttpSending.jvmEnding(); // what is queued is exported, each export tried once
      tracing.shutdown();
    }, "tracer-shutdown"));
    installer.gate(inst, modules.enabled);
    Runnable rest = () -> {
      installer.complete();
      AgentLog.info((how.equals("attach") ? "attached" : "started") + " in " + (System.nanoTime() - started) / 1_000_000
          + " ms: service.name=" + config.serviceName + ", exporter=" + String.join(",", config.exporters)
          + (how.equals("attach") ? ", classes already loaded and instrumented: " + Installer.retransformed() : ""));
      modules.logInstalled();
    };
    if (how.equals("attach")) {
      rest.run();
      return;
    }
    // Byte Buddy's transformer while the application starts: a class to instrument waits at the gate until it is there
    InternalThread completing = new InternalThread(() -> {
      try {
        rest.run();
      } catch (Throwable t) {
        AgentLog.warn("could not start, the application runs untraced: " + t);
        installer.abandon();
      }
    }, "tracer-start");
    completing.start();
  }

  /**
   * Wires everything for one JVM: SDK, handlers, listeners, Dispatch, then the instrumentations. Also what the
   * in-process test harness calls, with an exporter of its own.
   */
  public static Tracing install(Instrumentation inst, Config config, SpanExporter exporter, ClassLoader loader) {
    Modules modules = Modules.load(config, loader);
    Tracing tracing = wire(config, exporter, modules, loader, false);
    new Installer(modules.agentLoaders(loader)).install(inst, modules.enabled);
    modules.logInstalled();
    return tracing;
  }

  /** The instrumentation modules found (built in and from extensions), those enabled, and the extensions. */
  private static final class Modules {
    final Extensions extensions;
    final List<InstrumentationModule> found;
    final List<InstrumentationModule> enabled = new ArrayList<>();
    final List<String> disabled = new ArrayList<>();

    private Modules(Extensions extensions, List<InstrumentationModule> found) {
      this.extensions = extensions;
      this.found = found;
    }

    static Modules load(Config config, ClassLoader loader) {
      AgentLog.setDebug(config.debug);
      Extensions extensions = Extensions.load(config.extensions, loader);
      List<InstrumentationModule> found = Extensions.services(InstrumentationModule.class, loader, "tracer");
      found.addAll(extensions.modules());
      Modules modules = new Modules(extensions, found);
      ExtensionConfig extensionConfig = config::get;
      for (InstrumentationModule module : found) {
        if (config.instrumentationEnabled(module.name())) {
          try {
            module.configure(extensionConfig);
          } catch (Throwable t) { // an extension's module: it runs unconfigured
            AgentLog.warn("instrumentation " + module.name() + " could not read its settings: " + t);
          }
          modules.enabled.add(module);
        } else {
          modules.disabled.add(module.name());
        }
      }
      for (String warning : config.warnings()) {
        AgentLog.warn(warning);
      }
      List<String> known = new ArrayList<>();
      found.forEach(module -> known.add(module.name()));
      config.unknownInstrumentations(known).forEach(AgentLog::warn);
      return modules;
    }

    /** The agent's own class loaders and the extensions': never instrumented. */
    Set<ClassLoader> agentLoaders(ClassLoader loader) {
      Set<ClassLoader> agentLoaders = Collections.newSetFromMap(new IdentityHashMap<>());
      if (loader != ClassLoader.getSystemClassLoader()) {
        agentLoaders.add(loader);
      }
      agentLoaders.addAll(extensions.loaders());
      return agentLoaders;
    }

    void logInstalled() {
      List<String> names = new ArrayList<>();
      for (InstrumentationModule module : enabled) {
        names.add(module.name());
      }
      AgentLog.debug("instrumentations: " + names + (disabled.isEmpty() ? "" : ", disabled: " + disabled));
    }
  }

  /**
   * SDK, handlers, listeners and everything the advice calls through bootstrap; the metrics set up on a thread of
   * their own with {@code metricsOffThread}.
   */
  private static Tracing wire(Config config, SpanExporter exporter, Modules modules, ClassLoader loader,
      boolean metricsOffThread) {
    ExtensionConfig extensionConfig = config::get;
    Extensions extensions = modules.extensions;
    Tracing tracing = Tracing.create(config, exporter, extensions.exporters(extensionConfig),
        configured -> extensions.sampler(configured, extensionConfig), metricsOffThread);
    Handlers handlers = new Handlers(tracing.tracer, config.peerServiceMapping);
    for (SpanEventHandler<?> handler : builtInHandlers(config, tracing)) {
      handlers.register(handler);
    }
    for (SpanEventHandler<?> handler : Extensions.services(SpanEventHandler.class, loader, "tracer")) {
      handlers.register(handler);
    }
    for (SpanListener<?> listener : Extensions.services(SpanListener.class, loader, "tracer")) {
      handlers.addListener(listener);
    }
    extensions.register(handlers);
    Propagation.setFields(tracing.propagators.getTextMapPropagator().fields().toArray(new String[0]));
    installHeaderCapture(config);
    Dispatch.install(handlers);
    ServerRoute.install(new ServerRoutes(handlers));
    ContextCarrier.install(new ContextSink());
    ApplicationTracing.install(new ApplicationBridge(tracing.tracer, tracing.propagators, handlers));
    // the application's own meters: the agent's provider when metrics are exported, else no-ops
    ApplicationMetrics.install(new ApplicationMeters(() -> {
      Metrics metrics = tracing.metrics(); // waits for their set-up, if it is still running
      return metrics != null ? metrics.meterProvider() : io.opentelemetry.api.metrics.MeterProvider.noop();
    }));
    ContextComment.install(config.dbCommentPropagation ? Agent::traceparentComment : null);
    CurrentTrace.install(Agent::currentIds, config.logMdcKeys.toArray(new String[0]));
    AgentState.install(LoaderStores.ALL);
    return tracing;
  }

  static List<SpanEventHandler<?>> builtInHandlers(Config config, Tracing tracing) {
    Redaction redaction = new Redaction(config.redactHeaders, config.redactQueryParams);
    List<SpanEventHandler<?>> handlers = new ArrayList<>();
    handlers.add(new DatabaseEventHandler(config.dbStatementSanitize));
    handlers.add(new MessagingEventHandler(tracing.propagators, redaction, config.captureMessagingHeaders));
    handlers.add(new RpcEventHandler(tracing.propagators, redaction));
    handlers.add(new HttpClientEventHandler(tracing.propagators, redaction, config.captureClientRequestHeaders,
        config.captureClientResponseHeaders));
    handlers.add(new HttpServerEventHandler(tracing.propagators, redaction, config.captureServerRequestHeaders,
        config.captureServerResponseHeaders, config.httpTraceResponse));
    handlers.add(new CustomEventHandler());
    return handlers;
  }

  /**
   * The header names the advice copies: the ones to record, plus {@code origin} on server requests when the
   * trace response is on (a CORS request gets the header exposed).
   */
  static void installHeaderCapture(Config config) {
    List<String> serverRequest = new ArrayList<>(config.captureServerRequestHeaders);
    if (config.httpTraceResponse && !serverRequest.contains(HttpServerEventHandler.ORIGIN)) {
      serverRequest.add(HttpServerEventHandler.ORIGIN);
    }
    HeaderCapture.install(serverRequest.toArray(new String[0]),
        config.captureServerResponseHeaders.toArray(new String[0]),
        config.captureClientRequestHeaders.toArray(new String[0]),
        config.captureClientResponseHeaders.toArray(new String[0]),
        config.captureMessagingHeaders.toArray(new String[0]));
  }

  /** The sqlcommenter key and value for the current context (W3C traceparent), or null without one. */
  static String traceparentComment() {
    String[] ids = currentIds();
    return ids == null ? null : "traceparent='00-" + ids[0] + "-" + ids[1] + "-" + ids[2] + "'";
  }

  /** Trace id, span id and flags of the current span (for {@link CurrentTrace}), or null without one. */
  static String[] currentIds() {
    SpanContext context = Span.current().getSpanContext();
    if (!context.isValid()) {
      return null;
    }
    return new String[] {context.getTraceId(), context.getSpanId(), context.getTraceFlags().asHex()};
  }
}
