package dev.tracer.agent;

import dev.tracer.agent.sampling.ErrorKeepingProcessor;
import dev.tracer.agent.sampling.ErrorKeepingSampler;
import dev.tracer.agent.sampling.RuleSampler;
import dev.tracer.agent.trace.AgentTracer;
import dev.tracer.api.AgentLog;
import dev.tracer.api.PipelineStats;
import dev.tracer.bootstrap.InternalThread;
import dev.tracer.exporters.ExportSettings;
import dev.tracer.exporters.ExporterLogging;
import dev.tracer.exporters.Exporters;
import dev.tracer.exporters.Metrics;
import dev.tracer.exporters.MetricsSettings;
import dev.tracer.exporters.SpanQueue;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** The OpenTelemetry SDK as configured: resource, sampler, propagators, and our span queue in front of the exporters. */
public final class Tracing {
  /**
   * The longest a JVM's exit waits for the agent, all included: the last span exports, the exporters' own
   * shutdown, the last metrics export; with a backend down or hanging it exits after this.
   */
  static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;
  /** Of that budget, kept for the last metrics export (OTLP) and closing the Prometheus endpoint. */
  static final long METRICS_SHUTDOWN_TIMEOUT_MILLIS = 1_000;
  static final String ERROR_KEEPING = "parentbased_errorkeeping";
  /** Setting up the metrics takes a fraction of a second; what waits for them gives up after this. */
  static final long METRICS_START_TIMEOUT_MILLIS = 10_000;
  private static volatile boolean metricsLate;

  public final Tracer tracer;
  public final ContextPropagators propagators;
  /** Null when no exporter is configured ({@code none}). */
  public final SpanQueue queue;
  /** In front of the queue with {@code parentbased_errorkeeping}, else null. */
  public final ErrorKeepingProcessor errorKeeping;
  /** Span metrics and the queue's counters (OTLP and/or Prometheus), null inside when off: see {@link #metrics()}. */
  private final Future<Metrics> metrics;

  private Tracing(Tracer tracer, ContextPropagators propagators, SpanQueue queue,
      ErrorKeepingProcessor errorKeeping, Future<Metrics> metrics) {
    this.errorKeeping = errorKeeping;
    this.metrics = metrics;
    this.tracer = tracer;
    this.propagators = propagators;
    this.queue = queue;
  }

  /** With the given exporter (extensions and tests add theirs) and extra exporters. */
  public static Tracing create(Config config, SpanExporter exporter, List<SpanExporter> extra) {
    return create(config, exporter, extra, UnaryOperator.identity());
  }

  /** {@code samplers} may replace the configured sampler (extensions' sampler providers). */
  public static Tracing create(Config config, SpanExporter exporter, List<SpanExporter> extra,
      UnaryOperator<Sampler> samplers) {
    return create(config, exporter, extra, samplers, false);
  }

  /**
   * With {@code metricsOffThread} (premain), the metrics are set up on a thread of their own: the meter provider,
   * its readers and instruments are a few hundred classes, a sixth of premain with OTLP, that the application's
   * start need not wait for. What needs them waits for them instead: the first batch's span metrics, the
   * application's first meter, the exit.
   */
  public static Tracing create(Config config, SpanExporter exporter, List<SpanExporter> extra,
      UnaryOperator<Sampler> samplers, boolean metricsOffThread) {
    List<SpanExporter> all = new ArrayList<>();
    if (exporter != null) {
      all.add(exporter);
    }
    all.addAll(extra);
    MetricsSettings metricsSettings = metricsSettings(config);
    // each exporter by name: the queue gives each its own lane and counters
    Map<String, SpanExporter> named = Exporters.named(all);
    if (named.isEmpty() && metricsSettings.port > 0) {
      // metrics without traces (TRACER_EXPORTER=none): spans still pass the queue, whose worker derives them;
      // an empty composite is the SDK's no-op exporter
      named.put("none", SpanExporter.composite(Collections.emptyList()));
    }
    SpanQueue queue = named.isEmpty() ? null
        : new SpanQueue(named, config.queueCapacity, config.batchSize, config.flushIntervalMillis,
            Math.max(config.exportTimeoutMillis, config.traces.timeoutMillis)); // a lane waits for the longest
    Resource resource = resource(config);
    FutureTask<Metrics> metrics = new FutureTask<>(() -> {
      Metrics started = queue == null ? null : Metrics.create(metricsSettings, exportSettings(config), resource, queue);
      if (started != null && started.prometheusUrl() != null) {
        AgentLog.info("metrics: Prometheus text on " + started.prometheusUrl());
      }
      return started;
    });
    if (metricsOffThread && queue != null) {
      new InternalThread(metrics, "tracer-metrics-start").start();
    } else {
      metrics.run();
    }
    if (queue != null) {
      // the export worker's schedule, between batches: start-up's type descriptions go once class loading is quiet
      queue.observeBatches(batch -> {
        Metrics started = await(metrics, METRICS_START_TIMEOUT_MILLIS);
        if (started != null) {
          started.spans().accept(batch);
        }
        TypeCache.dropIfQuiet();
      });
    }
    SpanProcessor processor = queue;
    ErrorKeepingProcessor errorKeeping = null;
    if (queue != null && ERROR_KEEPING.equals(config.sampler)) {
      errorKeeping = new ErrorKeepingProcessor(queue);
      processor = errorKeeping;
    }
    PipelineStats.install(queue);
    // our own span type, not the SDK's: less work and less garbage on the application's threads (see AgentTracer)
    Tracer tracer = new AgentTracer(resource, samplers.apply(sampler(config)), processor);
    return new Tracing(tracer, propagators(config.propagators), queue, errorKeeping, metrics);
  }

  /**
   * The metrics (null when off), waiting for their set-up if it is still running: the application's first meter
   * and the first batch of spans come after it in practice.
   */
  public Metrics metrics() {
    return await(metrics, METRICS_START_TIMEOUT_MILLIS);
  }

  /** After one wait that timed out, nothing waits again: the set-up is counted as failed until it finishes. */
  private static Metrics await(Future<Metrics> metrics, long timeoutMillis) {
    try {
      return metrics.get(metricsLate ? 0 : timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      metricsLate = true;
      AgentLog.warnOnce("metrics-start", "metrics were not set up within " + timeoutMillis + " ms, not recorded meanwhile");
      return null;
    } catch (ExecutionException e) {
      AgentLog.warnOnce("metrics-start", "metrics could not be set up, not exported: " + e.getCause());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  static MetricsSettings metricsSettings(Config config) {
    return ExportConfig.metricsSettings(config);
  }

  public static ExportSettings exportSettings(Config config) {
    return ExportConfig.exportSettings(config);
  }

  static Resource resource(Config config) {
    return ExportConfig.resource(config);
  }

  /** {@code TRACER_SAMPLER}, with {@code TRACER_SAMPLER_RULES} in front of it when there are rules. */
  static Sampler sampler(Config config) {
    Sampler configured = sampler(config.sampler, config.samplerArg);
    if (config.samplerRules.isEmpty()) {
      return configured;
    }
    boolean errorKeeping = ERROR_KEEPING.equals(config.sampler);
    return new RuleSampler(config.samplerRules, configured,
        ratio -> errorKeeping ? new ErrorKeepingSampler(ratio) : Sampler.traceIdRatioBased(ratio));
  }

  public static Sampler sampler(String name, double ratio) {
    switch (name) {
      case "always_on":
        return Sampler.alwaysOn();
      case "always_off":
        return Sampler.alwaysOff();
      case "traceidratio":
        return Sampler.traceIdRatioBased(ratio);
      case "parentbased_traceidratio":
        return Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
      case ERROR_KEEPING:
        return new ErrorKeepingSampler(ratio);
      case "parentbased_always_off":
        return Sampler.parentBased(Sampler.alwaysOff());
      case "parentbased_always_on":
      default:
        return Sampler.parentBased(Sampler.alwaysOn());
    }
  }

  public static ContextPropagators propagators(List<String> names) {
    // what an outside client sends must not reach the application's log, but as one rate-limited line
    ExporterLogging.install();
    List<TextMapPropagator> list = new ArrayList<>();
    for (String name : names) {
      switch (name) {
        case "tracecontext":
          list.add(W3CTraceContextPropagator.getInstance());
          break;
        case "baggage":
          list.add(W3CBaggagePropagator.getInstance());
          break;
        // B3 and Jaeger extraction is checked against the specifications first: a malformed header is no parent
        case "b3":
          list.add(new ValidatingPropagator(B3Propagator.injectingSingleHeader(), ValidatingPropagator.B3));
          break;
        case "b3multi":
          list.add(new ValidatingPropagator(B3Propagator.injectingMultiHeaders(), ValidatingPropagator.B3));
          break;
        case "jaeger":
          list.add(new ValidatingPropagator(JaegerPropagator.getInstance(), ValidatingPropagator.JAEGER));
          break;
        default:
          break;
      }
    }
    return ContextPropagators.create(TextMapPropagator.composite(list));
  }

  /** Ends the pipeline within {@link #SHUTDOWN_TIMEOUT_MILLIS}: spans, then metrics, then the summary line. */
  public void shutdown() {
    shutdown(SHUTDOWN_TIMEOUT_MILLIS);
  }

  void shutdown(long budgetMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    // set up long before the exit, but for a JVM that ends as it starts
    Metrics metrics = await(this.metrics, METRICS_SHUTDOWN_TIMEOUT_MILLIS);
    if (queue != null) {
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      queue.shutdown(metrics == null ? left : Math.max(1, left - METRICS_SHUTDOWN_TIMEOUT_MILLIS));
      AgentLog.info("spans: " + queue.stats());
      if (errorKeeping != null) {
        AgentLog.info(errorKeeping.stats());
      }
    }
    if (metrics != null) {
      long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      // on a thread of ours: a metrics exporter that blocks must not hold the exit past the budget
      Thread closer = new InternalThread(() -> metrics.shutdown(left), "tracer-metrics-shutdown");
      closer.start();
      try {
        closer.join(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (closer.isAlive()) {
        AgentLog.warn("the last metrics export did not finish within the " + budgetMillis + " ms exit budget, abandoned");
      }
    }
  }
}
