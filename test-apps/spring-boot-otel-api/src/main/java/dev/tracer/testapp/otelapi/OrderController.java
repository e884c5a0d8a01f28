package dev.tracer.testapp.otelapi;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** One order request does what the snippets do, and answers with the trace id the application saw. */
@RestController
public class OrderController {
  private final JdbcTemplate jdbc;
  private final Inventory inventory;
  private final Audit audit;
  private final KafkaTemplate<String, String> kafka;
  private final String topic;

  public OrderController(JdbcTemplate jdbc, Inventory inventory, Audit audit, KafkaTemplate<String, String> kafka,
      @Value("${shop.topic:shop-orders}") String topic) {
    this.jdbc = jdbc;
    this.inventory = inventory;
    this.audit = audit;
    this.kafka = kafka;
    this.topic = topic;
  }

  @GetMapping("/orders/{id}")
  public String order(@PathVariable("id") String id, @RequestParam(name = "failPricing", defaultValue = "false")
      boolean failPricing) throws Exception {
    Span.current().setAttribute("shop.user", "u" + id);                 // enrich the request's span
    String traceId = Span.current().getSpanContext().getTraceId();       // put it in an error page / a log
    inventory.reserve("sku-" + id);
    Integer price = pricing("sku-" + id, failPricing);
    audit.record(id);
    kafka.send(topic, id, id).get();
    return "order " + id + " price " + price + " trace " + traceId;
  }

  private Integer pricing(String sku, boolean fail) {
    Span pricing = GlobalOpenTelemetry.getTracer("shop").spanBuilder("pricing").startSpan();
    try (Scope s = pricing.makeCurrent()) {                              // its own span, JDBC below it
      return jdbc.queryForObject(fail ? "SELECT price / 0 FROM prices WHERE sku = ?" : "SELECT price FROM prices WHERE sku = ?",
          Integer.class, sku);
    } catch (DataAccessException e) {
      pricing.recordException(e);
      pricing.setStatus(StatusCode.ERROR, "no price");
      return -1;
    } finally {
      pricing.end();
    }
  }
}
