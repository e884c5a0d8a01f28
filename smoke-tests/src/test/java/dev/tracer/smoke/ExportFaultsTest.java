package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.agent.Tracing;
import dev.tracer.api.PipelineStats;
import dev.tracer.exporters.SpanQueue;
import dev.tracer.testing.FaultProxy;
import dev.tracer.testing.JaegerReceiver;
import dev.tracer.testing.OtlpGrpcReceiver;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.Waiting;
import dev.tracer.testing.ZipkinServer;
import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each exporter against a backend that is down (connection refused), hangs (accepts, never answers) or
 * answers with an error; then the backend comes back. Application threads keep ending spans throughout.
 */
class ExportFaultsTest {
  private static final int CAPACITY = 64;
  private static final int THREADS = 4;
  private static final int SPANS_PER_THREAD = 300;

  enum Fault { DOWN, HANG, ERROR }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (String exporter : new String[] {"otlp-http", "otlp-grpc", "jaeger", "zipkin"}) {
      for (Fault fault : Fault.values()) {
        cases.add(Arguments.of(exporter, fault));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void applicationIsNeverHurtAndExportResumes(String exporter, Fault fault) throws Exception {
    String service = "faults-" + exporter + "-" + fault.name().toLowerCase() + "-" + System.nanoTime();
    try (FaultProxy proxy = new FaultProxy(); Backend backend = Backend.start(exporter, service)) {
      Map<String, String> props = new HashMap<>();
      props.put("tracer.service.name", service);
      props.put("tracer.queue.capacity", String.valueOf(CAPACITY));
      props.put("tracer.batch.size", "16");
      props.put("tracer.flush.interval", "20ms");
      props.put("tracer.export.timeout", "300ms");
      props.putAll(backend.settings(proxy.url()));

      switch (fault) {
        case DOWN:
          proxy.down();
          break;
        case HANG:
          proxy.hang();
          break;
        case ERROR:
          if (exporter.equals("otlp-grpc")) {
            ((OtlpGrpcReceiver) backend.receiver).failWith(Status.UNAVAILABLE);
            proxy.forward(backend.port());
          } else {
            proxy.answer(exporter.startsWith("otlp") ? 503 : 500);
          }
          break;
        default:
          break;
      }

      List<String> logLines;
      List<String> julRecords = new ArrayList<>();
      Handler rootSpy = new Handler() {
        @Override public void publish(LogRecord record) {
          synchronized (julRecords) {
            julRecords.add(record.getLoggerName() + ": " + record.getMessage());
          }
        }
        @Override public void flush() {}
        @Override public void close() {}
      };
      Logger.getLogger("").addHandler(rootSpy);
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream originalErr = System.err;
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      Tracing tracing = Pipelines.create(props);
      SpanQueue queue = tracing.queue;
      try {
        // the application: threads ending spans as fast as they can while the backend misbehaves
        AtomicLong maxDepth = new AtomicLong();
        AtomicInteger completed = new AtomicInteger();
        List<Thread> app = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          Thread thread = new Thread(() -> {
            for (int i = 0; i < SPANS_PER_THREAD; i++) {
              tracing.tracer.spanBuilder("work").startSpan().end();
              maxDepth.accumulateAndGet(queue.queueDepth(), Math::max);
            }
            completed.incrementAndGet();
          });
          app.add(thread);
          thread.start();
        }
        for (Thread thread : app) {
          thread.join(60_000);
        }
        int ended = THREADS * SPANS_PER_THREAD;
        assertThat(completed.get()).as("application threads that finished their calls").isEqualTo(THREADS);
        assertThat(maxDepth.get()).as("queue depth").isLessThanOrEqualTo(CAPACITY);

        // every span ended is accounted for: exported or dropped (and counted)
        Waiting.until(() -> queue.exported() + queue.dropped() == ended, 30);
        assertThat(queue.exported() + queue.dropped()).isEqualTo(ended);
        assertThat(queue.exported()).as("exported while the backend failed").isZero();
        assertThat(queue.exportFailures()).isPositive();
        assertThat(PipelineStats.get().dropped()).isEqualTo(queue.dropped());

        // the backend comes back: export resumes
        if (fault == Fault.ERROR && exporter.equals("otlp-grpc")) {
          ((OtlpGrpcReceiver) backend.receiver).failWith(null);
        } else {
          proxy.forward(backend.port());
        }
        AtomicInteger recovered = new AtomicInteger();
        Waiting.until(() -> {
          tracing.tracer.spanBuilder("recovered").startSpan().end();
          recovered.incrementAndGet();
          queue.forceFlush();
          return backend.received("recovered") > 0;
        }, 30);
        assertThat(backend.received("recovered")).as("spans received after the backend came back").isPositive();
        int total = ended + recovered.get();
        Waiting.until(() -> queue.exported() + queue.dropped() == total, 10);
        assertThat(queue.exported() + queue.dropped()).isEqualTo(total);
        assertThat(queue.exported()).isPositive();
      } finally {
        queue.shutdown(2000);
        System.setErr(originalErr);
        Logger.getLogger("").removeHandler(rootSpy);
        logLines = captured.toString(StandardCharsets.UTF_8).lines().collect(java.util.stream.Collectors.toList());
        logLines.forEach(originalErr::println);
      }
      // failures were reported, once: not a line per failed export (there were dozens)
      assertThat(logLines).filteredOn(l -> l.contains("export of") && l.contains("failed")).hasSize(1);
      assertThat(logLines).filteredOn(l -> l.startsWith("[tracer] WARN")).hasSizeLessThanOrEqualTo(3);
      assertThat(logLines).hasSizeLessThanOrEqualTo(3);
      synchronized (julRecords) {
        assertThat(julRecords).filteredOn(r -> r.startsWith("io.opentelemetry") || r.startsWith("zipkin2")).isEmpty();
      }
    }
  }

  /** The real receiver for one exporter, and the settings that point the exporter at the proxy in front of it. */
  static final class Backend implements AutoCloseable {
    final Object receiver;
    private final String exporter;
    private final String service;
    private final ZipkinServer zipkin;

    private Backend(String exporter, String service, Object receiver, ZipkinServer zipkin) {
      this.exporter = exporter;
      this.service = service;
      this.receiver = receiver;
      this.zipkin = zipkin;
    }

    static Backend start(String exporter, String service) throws Exception {
      switch (exporter) {
        case "otlp-http":
          return new Backend(exporter, service, new OtlpReceiver(), null);
        case "otlp-grpc":
          return new Backend(exporter, service, new OtlpGrpcReceiver(), null);
        case "jaeger":
          return new Backend(exporter, service, new JaegerReceiver(), null);
        default:
          return new Backend(exporter, service, null, ZipkinServer.shared());
      }
    }

    int port() {
      if (receiver instanceof OtlpReceiver) {
        return ((OtlpReceiver) receiver).port();
      }
      if (receiver instanceof OtlpGrpcReceiver) {
        return ((OtlpGrpcReceiver) receiver).port();
      }
      if (receiver instanceof JaegerReceiver) {
        return ((JaegerReceiver) receiver).port();
      }
      return zipkin.port();
    }

    Map<String, String> settings(String proxyUrl) {
      switch (exporter) {
        case "otlp-http":
          return Map.of("tracer.exporter", "otlp", "tracer.otlp.endpoint", proxyUrl);
        case "otlp-grpc":
          return Map.of("tracer.exporter", "otlp", "tracer.otlp.protocol", "grpc", "tracer.otlp.endpoint", proxyUrl);
        case "jaeger":
          return Map.of("tracer.exporter", "jaeger", "tracer.jaeger.endpoint", proxyUrl + "/api/traces");
        default:
          return Map.of("tracer.exporter", "zipkin", "tracer.zipkin.endpoint", proxyUrl + "/api/v2/spans");
      }
    }

    long received(String name) {
      Supplier<Stream<String>> names;
      if (receiver instanceof OtlpReceiver) {
        names = () -> ((OtlpReceiver) receiver).spans().stream().map(s -> s.name);
      } else if (receiver instanceof OtlpGrpcReceiver) {
        names = () -> ((OtlpGrpcReceiver) receiver).spans().stream().map(s -> s.name);
      } else if (receiver instanceof JaegerReceiver) {
        names = () -> ((JaegerReceiver) receiver).spans().stream().map(s -> s.getOperationName());
      } else {
        names = () -> zipkin.spans(service).stream().map(zipkin2.Span::name);
      }
      return names.get().filter(name::equals).count();
    }

    @Override
    public void close() {
      if (receiver instanceof AutoCloseable) {
        try {
          ((AutoCloseable) receiver).close();
        } catch (Exception ignored) {
          // closing anyway
        }
      }
    }
  }
}
