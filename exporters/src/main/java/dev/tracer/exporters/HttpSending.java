package dev.tracer.exporters;

import dev.tracer.bootstrap.InternalThread;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the agent's HTTP exporters send (OTLP/HTTP spans and metrics, Jaeger): the OpenTelemetry exporters' JDK
 * {@code HttpClient} sender, serializing into a reused buffer, on agent threads. The JDK client costs no extra
 * classes (OkHttp, Okio and Kotlin stay unloaded unless gRPC or Zipkin is configured), and because every send runs
 * on an {@link InternalThread}, the agent's HTTP-client instrumentation never traces its own exports.
 */
public final class HttpSending {
  /** The JDK sender for HTTP, whatever else is on the class path; every other component as found. */
  static final ComponentLoader JDK_SENDER = senderOnly(new JdkHttpSenderProvider());

  private HttpSending() {}

  /** A component loader that gives the OpenTelemetry exporters {@code provider} as their one HTTP sender. */
  public static ComponentLoader senderOnly(HttpSenderProvider provider) {
    ComponentLoader found = ComponentLoader.forClassLoader(HttpSending.class.getClassLoader());
    return new ComponentLoader() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Iterable<T> load(Class<T> type) {
        return type == HttpSenderProvider.class ? (Iterable<T>) Collections.singletonList(provider) : found.load(type);
      }
    };
  }

  /**
   * One pool for every HTTP exporter: a send at a time per exporter (each lane waits for its export), so
   * two threads at most, gone after a minute idle; a queue instead of a refusal if more arrive together.
   */
  static ExecutorService executor() {
    return Pool.EXECUTOR;
  }

  /** Made on first use (the class is initialized then), once. */
  private static final class Pool {
    static final ExecutorService EXECUTOR = create();

    private static ExecutorService create() {
      AtomicInteger count = new AtomicInteger();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          task -> new InternalThread(task, "tracer-otlp-send-" + count.incrementAndGet()));
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }
}
