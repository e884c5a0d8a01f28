package dev.tracer.example;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The back service's order lookup. {@code @WithSpan} gives it a span of its own under the request's (the agent's
 * {@code annotations} instrumentation), with the order id as an attribute and the query below it.
 */
final class Orders {
  private Orders() {}

  /** {@code customer total} of the order, or null when there is none. */
  @WithSpan
  static String find(Connection connection, @SpanAttribute("order.id") int id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT customer, total FROM orders WHERE id = ?")) {
      select.setInt(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) + " " + row.getBigDecimal(2) : null;
      }
    }
  }
}
