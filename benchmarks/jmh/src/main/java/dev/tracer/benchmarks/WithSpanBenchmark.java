package dev.tracer.benchmarks;

import dev.tracer.agent.Tracing;
import dev.tracer.agent.handler.CustomEventHandler;
import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.instrumentation.annotations.TracedMethods;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code @WithSpan} span from advice entry to the queue, on the application's thread: what the advice of a traced
 * method calls ({@code TracedMethods.start}, then {@code TracedMethods.end}), through the agent's handler, its span
 * and {@code SpanQueue}, exported to a counting exporter. The method itself is not called.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class WithSpanBenchmark {
  private static final Object[] ARGUMENTS = {7};
  private Tracing tracing;

  /** The traced class: its method is looked up by name and descriptor on the first call, as the advice does. */
  public static final class OrderService {
    public String find(int id) {
      return "order-" + id;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    tracing = Spans.agentTracing();
    Spans.dispatchTo(tracing, new CustomEventHandler());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Dispatch.install(null);
    tracing.shutdown();
  }

  @Benchmark
  public Object tracedCall() {
    CustomEvent event = TracedMethods.start(OrderService.class, "find(I)Ljava/lang/String;", ARGUMENTS);
    return TracedMethods.end(event, "order-7", null);
  }
}
