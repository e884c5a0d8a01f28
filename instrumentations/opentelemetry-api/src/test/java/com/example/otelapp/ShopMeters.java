package com.example.otelapp;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Application code recording metrics with its own OpenTelemetry API (1.15 and later): every instrument kind, of
 * longs and of doubles, synchronous and observable.
 */
public final class ShopMeters {
  private static final AttributeKey<String> TIER = AttributeKey.stringKey("shop.tier");
  private static final AtomicLong QUEUED = new AtomicLong(5);
  private static Object keep;

  private ShopMeters() {}

  /** Records a known set of values; answers the class of the meter provider the application got. */
  public static Map<String, String> record() {
    Meter meter = GlobalOpenTelemetry.getMeter("shop-meters");
    LongCounter orders = meter.counterBuilder("shop.orders").setDescription("Orders placed").build();
    orders.add(2, Attributes.of(TIER, "gold"));
    orders.add(1, Attributes.of(TIER, "gold"));
    orders.add(4, Attributes.of(TIER, "basic"));
    DoubleCounter revenue = meter.counterBuilder("shop.revenue").ofDoubles().build();
    revenue.add(12.5);
    LongUpDownCounter carts = meter.upDownCounterBuilder("shop.carts.open").build();
    carts.add(3);
    carts.add(-1);
    DoubleHistogram checkout = meter.histogramBuilder("shop.checkout.duration").setUnit("s").build();
    checkout.record(0.1);
    checkout.record(0.3, Attributes.of(TIER, "gold"));
    LongHistogram items = meter.histogramBuilder("shop.order.items").ofLongs().build();
    items.record(3);
    // observable forms: read whenever the agent collects
    keep = new Object[] {
        meter.gaugeBuilder("shop.queue.depth").ofLongs()
            .buildWithCallback(m -> m.record(QUEUED.get(), Attributes.of(AttributeKey.stringKey("queue"), "orders"))),
        meter.gaugeBuilder("shop.temperature").buildWithCallback(m -> m.record(21.5)),
        meter.counterBuilder("shop.visits").buildWithCallback(m -> m.record(42)),
        meter.upDownCounterBuilder("shop.sessions").ofDoubles().buildWithCallback(m -> m.record(7.0)),
        meter.counterBuilder("shop.failing").buildWithCallback(m -> {
          throw new IllegalStateException("the application's callback fails");
        })};
    return Map.of("meterProvider", GlobalOpenTelemetry.getMeterProvider().getClass().getName());
  }

  /** The observable gauge's next reading. */
  public static void queued(long value) {
    QUEUED.set(value);
  }
}
