package dev.tracer.testapp.otelapi;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

@Component
public class Shipping {
  private final JdbcTemplate jdbc;

  public Shipping(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @KafkaListener(topics = "${shop.topic:shop-orders}")
  public void ship(String orderId) {
    jdbc.update("INSERT INTO shipments (order_id) VALUES (?)", orderId);
    System.out.println("shipped " + orderId);
  }
}
