package dev.tracer.exporters;

import dev.tracer.api.AgentLog;
import dev.tracer.bootstrap.InternalThread;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetryBuilder;
import io.opentelemetry.instrumentation.runtimetelemetry.internal.Experimental;

/**
 * The JVM runtime metrics with their semantic-convention names ({@code jvm.memory.*}, {@code jvm.gc.duration},
 * {@code jvm.thread.count}, {@code jvm.class.*}, {@code jvm.cpu.*}, {@code jvm.buffer.*}...), by the OpenTelemetry
 * instrumentation made for them, registered on the agent's meter provider. Its observers read the JDK's MXBeans
 * when a reader collects (the OTLP reader's thread, a scrape's handler thread); GC durations come from the
 * collectors' notifications, on the JDK's notification thread. Nothing runs on application threads.
 *
 * <p>Only the JMX part: tracer.jar packs no {@code META-INF/versions} classes, so the library's JFR streaming
 * (Java 17+) is its no-op Java 8 form and never starts a recording. This class is loaded only when metrics are
 * exported and runtime metrics are on.
 */
final class RuntimeMetrics {
  private volatile RuntimeTelemetry telemetry;
  private volatile boolean closed;

  private RuntimeMetrics() {
  }

  /**
   * Registers the observers on a thread of its own, off premain's path: looking up the MXBeans loads the JDK's
   * management classes, which the application's start need not wait for.
   */
  static RuntimeMetrics startOffThread(MeterProvider meters) {
    RuntimeMetrics runtime = new RuntimeMetrics();
    new InternalThread(() -> runtime.register(meters), "tracer-metrics-runtime").start();
    return runtime;
  }

  /** Registered on the caller's thread. */
  static RuntimeMetrics startHere(MeterProvider meters) {
    RuntimeMetrics runtime = new RuntimeMetrics();
    runtime.register(meters);
    return runtime;
  }

  private void register(MeterProvider meters) {
    try {
      RuntimeTelemetryBuilder builder = RuntimeTelemetry.builder(new MetersOnly(meters));
      // the experimental set is where jvm.buffer.* (direct and mapped buffers) lives
      Experimental.setEmitExperimentalMetrics(builder, true);
      RuntimeTelemetry built = builder.build();
      synchronized (this) {
        if (closed) {
          built.close();
        } else {
          telemetry = built;
        }
      }
    } catch (Throwable t) {
      AgentLog.warn("JVM runtime metrics could not be set up, not exported: " + t);
    }
  }

  /** Removes the GC notification listeners and the observers. */
  synchronized void close() {
    closed = true;
    if (telemetry != null) {
      try {
        telemetry.close();
      } catch (Throwable ignored) {
        // exiting anyway
      }
      telemetry = null;
    }
  }

  /** What the library asks for: an OpenTelemetry whose meters are ours; it uses nothing else. */
  private static final class MetersOnly implements OpenTelemetry {
    private final MeterProvider meters;

    MetersOnly(MeterProvider meters) {
      this.meters = meters;
    }

    @Override
    public MeterProvider getMeterProvider() {
      return meters;
    }

    @Override
    public TracerProvider getTracerProvider() {
      return TracerProvider.noop();
    }

    @Override
    public ContextPropagators getPropagators() {
      return ContextPropagators.noop();
    }
  }
}
