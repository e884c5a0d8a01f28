package dev.tracer.agent.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlSummaryTest {
  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "SELECT * FROM orders WHERE id = 1, SELECT, orders",
      "select a from public.orders o join items i on o.id = i.order_id, SELECT, public.orders",
      "INSERT INTO orders (id) VALUES (1), INSERT, orders",
      "UPDATE \"Orders\" SET a = 1, UPDATE, Orders",
      "DELETE FROM orders, DELETE, orders",
      "CREATE TABLE IF NOT EXISTS orders (id INT), CREATE, orders",
      "DROP TABLE orders, DROP, orders",
      "SELECT 1, SELECT, null",
      "SELECT * FROM (SELECT 1) x, SELECT, null",
      "/* hint */ SELECT a FROM t, SELECT, t",
      "COMMIT, COMMIT, null",
      "hello world, null, null",
  })
  void operationAndTable(String sql, String operation, String table) {
    SqlSummary summary = SqlSummary.of(sql);
    assertThat(summary.operation).isEqualTo(operation);
    assertThat(summary.table).isEqualTo(table);
  }
}
