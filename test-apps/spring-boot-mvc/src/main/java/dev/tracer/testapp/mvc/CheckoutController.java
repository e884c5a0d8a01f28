package dev.tracer.testapp.mvc;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Business metrics with the application's own OpenTelemetry API: a counter and a histogram per checkout. */
@RestController
public class CheckoutController {
  private static final AttributeKey<String> TIER = AttributeKey.stringKey("shop.tier");
  private final LongCounter checkouts;
  private final DoubleHistogram amounts;

  public CheckoutController() {
    Meter meter = GlobalOpenTelemetry.getMeter("shop");
    checkouts = meter.counterBuilder("shop.checkouts").setDescription("Checkouts completed").build();
    amounts = meter.histogramBuilder("shop.checkout.amount").setDescription("Amount per checkout").build();
  }

  @PostMapping("/orders/{id}/checkout")
  public String checkout(@PathVariable("id") long id) {
    checkouts.add(1, Attributes.of(TIER, "gold"));
    amounts.record(20.0 + id, Attributes.of(TIER, "gold"));
    return "checked out " + id;
  }
}
