package dev.tracer.agent.handler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.bootstrap.DatabaseEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue #21, 1: the statement cache must not keep the application's (large) statements alive. */
class StatementMemoryTest {
  private static final int MB = 1024 * 1024;

  private static String statement(int i, int size) {
    char[] literal = new char[size];
    Arrays.fill(literal, (char) ('a' + i % 26));
    return "SELECT '" + i + new String(literal) + "' AS v FROM orders";
  }

  private static void run(Handlers handlers, String sql) {
    DatabaseEvent event = new DatabaseEvent("jdbc");
    event.statement = sql;
    event.connectionUrl = "jdbc:h2:mem:test";
    handlers.start(event);
    handlers.end(event);
  }

  @Test
  void sixHundredDistinctOneMegabyteStatementsLeaveNothingBehind() throws Exception {
    // spans are ended and let go (no exporter holds them): only the handler could keep the statements
    try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
      DatabaseEventHandler handler = new DatabaseEventHandler(true);
      Handlers handlers = new Handlers(provider.get("test"), Collections.emptyMap());
      handlers.register(handler);
      List<WeakReference<String>> statements = new ArrayList<>();
      for (int i = 0; i < 600; i++) {
        String sql = statement(i, MB);
        statements.add(new WeakReference<>(sql));
        run(handlers, sql);
      }
      for (int i = 0; i < 20 && statements.stream().anyMatch(r -> r.get() != null); i++) {
        System.gc();
        Thread.sleep(50);
      }
      assertThat(statements.stream().filter(r -> r.get() != null).count()).as("statements still reachable").isZero();
      assertThat(handler.statements.size()).isZero();
    }
  }

  @Test
  void smallStatementsAreCachedAsCopiesWithinTheByteBound() throws Exception {
    try (SdkTracerProvider provider = SdkTracerProvider.builder().build()) {
      DatabaseEventHandler handler = new DatabaseEventHandler(true);
      Handlers handlers = new Handlers(provider.get("test"), Collections.emptyMap());
      handlers.register(handler);
      List<WeakReference<String>> statements = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        String sql = statement(i, 4000);
        statements.add(new WeakReference<>(sql));
        run(handlers, sql);
        assertThat(handler.statements.weight()).isLessThanOrEqualTo(DatabaseEventHandler.MAX_CACHED_CHARS);
      }
      assertThat(handler.statements.size()).isPositive();
      for (int i = 0; i < 20 && statements.stream().anyMatch(r -> r.get() != null); i++) {
        System.gc();
        Thread.sleep(50);
      }
      assertThat(statements.stream().filter(r -> r.get() != null).count()).as("the application's strings").isZero();
    }
  }

  @Test
  void longStatementsAreCutInTheSpan() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
      for (boolean sanitize : new boolean[] {true, false}) {
        Handlers handlers = new Handlers(provider.get("test"), Collections.emptyMap());
        handlers.register(new DatabaseEventHandler(sanitize));
        StringBuilder columns = new StringBuilder("SELECT c0");
        for (int i = 1; columns.length() < MB; i++) {
          columns.append(", c").append(i);
        }
        run(handlers, columns.append(" FROM orders").toString());
      }
      assertThat(exporter.getFinishedSpanItems()).hasSize(2).allSatisfy(span -> {
        String text = span.getAttributes().get(AttributeKey.stringKey("db.statement"));
        assertThat(text).hasSize(DatabaseEventHandler.MAX_STATEMENT_CHARS).startsWith("SELECT c0, c1").endsWith("...");
        assertThat(span.getName()).startsWith("SELECT");
      });
    }
  }
}
