package dev.tracer.testapp.otelapi;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;

@Service
public class Audit {
  private final JdbcTemplate jdbc;

  public Audit(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Async
  public void record(String orderId) {
    jdbc.update("INSERT INTO audit (order_id, at) VALUES (?, CURRENT_TIMESTAMP)", orderId);
  }
}
