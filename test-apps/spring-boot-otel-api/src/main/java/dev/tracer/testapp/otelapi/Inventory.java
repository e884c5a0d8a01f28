package dev.tracer.testapp.otelapi;

import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

@Service
public class Inventory {
  private final JdbcTemplate jdbc;

  public Inventory(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @WithSpan
  public void reserve(@SpanAttribute("shop.sku") String sku) {           // a span of its own around a method
    jdbc.update("UPDATE stock SET quantity = quantity - 1 WHERE sku = ?", sku);
  }
}
