package dev.tracer.benchmarks;

import dev.tracer.agent.Tracing;
import dev.tracer.agent.handler.DatabaseEventHandler;
import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.instrumentation.jdbc.JdbcStatements;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * One span from advice entry to the queue, on the application's thread: what the JDBC advice of a prepared
 * statement's {@code executeQuery()} calls ({@code JdbcStatements.start}, then {@code Dispatch.end}), through the
 * agent's handlers, the OpenTelemetry SDK span and {@code SpanQueue}, exported to a counting exporter. The
 * statement itself is not executed: the score is the agent's cost alone (ns per span, bytes per span).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class AdviceBenchmark {
  private Tracing tracing;
  private Connection connection;
  private PreparedStatement statement;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    tracing = Spans.agentTracing();
    Spans.dispatchTo(tracing, new DatabaseEventHandler(true));
    connection = DriverManager.getConnection("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "sa", "");
    connection.createStatement()
        .execute("CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, customer VARCHAR, total INT)");
    String sql = "SELECT customer, total FROM orders WHERE id = ?";
    statement = connection.prepareStatement(sql);
    JdbcStatements.prepared(statement, sql); // as the connection's prepareStatement advice does
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    Dispatch.install(null);
    tracing.shutdown();
    statement.close();
    connection.close();
  }

  /**
   * Bytes the benchmark thread itself allocated per span (JMH's {@code -prof gc} counts every thread, the export
   * worker's copy for the exporters included); each measured iteration appends {@code advice <threads> <bytes>}
   * to the stats file of {@link PipelineBenchmark#STATS_FILE}.
   */
  @State(Scope.Thread)
  public static class AppThread {
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long spans;
    long bytesBefore;

    @Setup(Level.Iteration)
    public void before() {
      spans = 0;
      bytesBefore = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @TearDown(Level.Iteration)
    public void after(BenchmarkParams params, IterationParams iteration) throws IOException {
      long bytes = THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) - bytesBefore;
      String stats = System.getProperty(PipelineBenchmark.STATS_FILE);
      if (stats != null && spans > 0 && iteration.getType() == IterationType.MEASUREMENT) {
        Files.write(Paths.get(stats), ("advice " + params.getThreads() + " " + (bytes / spans) + "\n")
            .getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
    }
  }

  private void query(AppThread thread) {
    DatabaseEvent event = JdbcStatements.start(statement, null);
    Dispatch.end(event, null);
    thread.spans++;
  }

  @Benchmark
  @Threads(1)
  public void jdbcQuery1(AppThread thread) {
    query(thread);
  }

  @Benchmark
  @Threads(4)
  public void jdbcQuery4(AppThread thread) {
    query(thread);
  }
}
