package dev.tracer.benchmarks;

import dev.tracer.agent.ApplicationBridge;
import dev.tracer.agent.Tracing;
import dev.tracer.agent.handler.CustomEventHandler;
import dev.tracer.agent.handler.DatabaseEventHandler;
import dev.tracer.agent.handler.Handlers;
import dev.tracer.bootstrap.ApplicationTracing;
import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.instrumentation.jdbc.JdbcStatements;
import dev.tracer.instrumentation.opentelemetryapi.ApplicationTracerProvider;
import dev.tracer.instrumentation.opentelemetryapi.BridgedContextStorage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The application's OpenTelemetry API bridge (instrumentation opentelemetry-api), on the application's thread:
 * <ul>
 *   <li>{@code requestWithoutTheApi}: a JDBC span from advice entry to the queue (as {@link AdviceBenchmark}) with the
 *       bridge off (before) and on (after): a request that never calls the API takes the same path;</li>
 *   <li>{@code agentSpan}: an agent span of application code (what {@code @WithSpan} gives: a {@link CustomEvent}
 *       through the handlers, made current, one attribute, ended);</li>
 *   <li>{@code applicationSpan}: the same through the bridge as the application's code calls it: its tracer's span
 *       builder with one attribute, {@code makeCurrent()} (the API's root context with the span, attached by the
 *       bridged {@code ContextStorage}), scope closed, span ended.</li>
 * </ul>
 * Here the application's API is the agent's own copy (one class path), so the helpers are called directly where
 * under {@code -javaagent} the API's advice hands over to them; the work behind them is the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class OpenTelemetryApiBenchmark {
  @Param({"off", "on"})
  public String bridge;

  private Tracing tracing;
  private Connection connection;
  private PreparedStatement statement;
  private Tracer applicationTracer;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    tracing = Spans.agentTracing();
    Handlers handlers = Spans.dispatchTo(tracing, new DatabaseEventHandler(true), new CustomEventHandler());
    ApplicationTracing.install("on".equals(bridge) ? new ApplicationBridge(tracing.tracer, tracing.propagators, handlers) : null);
    if ("on".equals(bridge)) {
      applicationTracer = ApplicationTracerProvider.INSTANCE.get("shop");
    }
    connection = DriverManager.getConnection("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "sa", "");
    connection.createStatement()
        .execute("CREATE TABLE IF NOT EXISTS orders (id INT PRIMARY KEY, customer VARCHAR, total INT)");
    String sql = "SELECT customer, total FROM orders WHERE id = ?";
    statement = connection.prepareStatement(sql);
    JdbcStatements.prepared(statement, sql);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    Dispatch.install(null);
    ApplicationTracing.install(null);
    tracing.shutdown();
    statement.close();
    connection.close();
  }

  @Benchmark
  public void requestWithoutTheApi() {
    DatabaseEvent event = JdbcStatements.start(statement, null);
    Dispatch.end(event, null);
  }

  @Benchmark
  public void agentSpan() {
    CustomEvent event = new CustomEvent("annotations", "Pricing.price").attribute("shop.sku", "sku-1");
    Dispatch.start(event);
    Dispatch.end(event, null);
  }

  @Benchmark
  public void applicationSpan() {
    if (applicationTracer == null) {
      return; // bridge off: nothing to measure
    }
    Span span = applicationTracer.spanBuilder("pricing").setAttribute("shop.sku", "sku-1").startSpan();
    try (io.opentelemetry.context.Scope scope = BridgedContextStorage.INSTANCE.attach(Context.root().with(span))) {
      // the application's work
    } finally {
      span.end();
    }
  }

  /** The application's span given three attributes once started: {@code Span.setAttribute} through the bridge. */
  @Benchmark
  public void applicationSpanAttributes() {
    if (applicationTracer == null) {
      return; // bridge off: nothing to measure
    }
    Span span = applicationTracer.spanBuilder("pricing").startSpan();
    try {
      span.setAttribute("shop.sku", "sku-1");
      span.setAttribute("shop.quantity", 3L);
      span.setAttribute("shop.express", true);
    } finally {
      span.end();
    }
  }
}
