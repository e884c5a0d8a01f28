package dev.tracer.benchmarks;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two ways to put the current span's ids into log events (instrumentation log-mdc), per span made current
 * and ended with {@code logEvents} log events inside it:
 * <ul>
 *   <li>{@code atLogEvent} (what log-mdc does): nothing at span start or end; each log event reads the current
 *       span's ids and adds them to its copy of the MDC;</li>
 *   <li>{@code atSpanScope}: the ids are written into the thread's MDC when the span becomes current and the
 *       previous values put back when its scope closes; a log event only copies the MDC.</li>
 * </ul>
 * The MDC is a thread-local map as Logback's and Log4j's are, and a log event copies it, as both do.
 * {@code java -cp ... org.openjdk.jmh.Main LogMdcBenchmark} (not part of {@code run.sh}).
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class LogMdcBenchmark {
  static final String[] KEYS = {"trace_id", "span_id", "trace_flags"};

  @Param({"atLogEvent", "atSpanScope"})
  public String approach;

  /** Log events per span: 0 is a span on a path that logs nothing, the common case in a traced service. */
  @Param({"0", "1"})
  public int logEvents;

  private SdkTracerProvider provider;
  private Tracer tracer;
  private final ThreadLocal<Map<String, String>> mdc = ThreadLocal.withInitial(HashMap::new);

  @Setup
  public void setUp() {
    // a processor, or the SDK makes no real spans; the same cost for both approaches
    provider = Spans.provider(SimpleSpanProcessor.create(new Spans.CountingExporter()));
    tracer = provider.get("bench");
    mdc.get().put("user", "alice"); // the application's own entry
  }

  @TearDown
  public void tearDown() {
    provider.close();
  }

  @Benchmark
  public int spanWithLogEvents() {
    boolean atScope = approach.equals("atSpanScope");
    Span span = tracer.spanBuilder("op").startSpan();
    int size = 0;
    try (Scope ignored = span.makeCurrent()) {
      String[] previous = atScope ? writeIds(span.getSpanContext()) : null;
      try {
        for (int i = 0; i < logEvents; i++) {
          size += (atScope ? new HashMap<>(mdc.get()) : eventMdcWithCurrentIds()).size();
        }
      } finally {
        if (atScope) {
          restore(previous);
        }
      }
    } finally {
      span.end();
    }
    return size;
  }

  /** What log-mdc does for one log event: the copy of the MDC, with the current ids (none outside a span). */
  Map<String, String> eventMdcWithCurrentIds() {
    Map<String, String> copy = new HashMap<>(mdc.get());
    SpanContext context = Span.current().getSpanContext();
    if (!context.isValid()) {
      return copy;
    }
    String[] ids = {context.getTraceId(), context.getSpanId(), context.getTraceFlags().asHex()};
    Map<String, String> merged = new HashMap<>();
    for (int i = 0; i < KEYS.length; i++) {
      merged.put(KEYS[i], ids[i]);
    }
    merged.putAll(copy);
    return merged;
  }

  /** The other way, at span start: the ids into the thread's MDC, returning what they replaced. */
  String[] writeIds(SpanContext context) {
    Map<String, String> map = mdc.get();
    String[] ids = {context.getTraceId(), context.getSpanId(), context.getTraceFlags().asHex()};
    String[] previous = new String[KEYS.length];
    for (int i = 0; i < KEYS.length; i++) {
      previous[i] = map.put(KEYS[i], ids[i]);
    }
    return previous;
  }

  /** ... and at scope close: the MDC as it was. */
  void restore(String[] previous) {
    Map<String, String> map = mdc.get();
    for (int i = 0; i < KEYS.length; i++) {
      if (previous[i] == null) {
        map.remove(KEYS[i]);
      } else {
        map.put(KEYS[i], previous[i]);
      }
    }
  }
}
