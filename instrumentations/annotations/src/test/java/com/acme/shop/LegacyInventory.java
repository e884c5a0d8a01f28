package com.acme.shop;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.extension.annotations.SpanAttribute;
import io.opentelemetry.extension.annotations.WithSpan;

/**
 * The older annotation package. Its SpanAttribute is first in 1.5.0: on 1.0.0 the parameter's annotation is
 * absent at run time (the JVM drops annotations whose class is missing), so there is no attribute.
 */
public class LegacyInventory {
  @WithSpan
  public int restock(@SpanAttribute("shop.sku") String sku) {
    return Shop.sql("UPDATE shop_stock SET quantity = quantity + 1 WHERE sku = '" + sku + "'");
  }

  @WithSpan(value = "legacy.send", kind = SpanKind.PRODUCER)
  public void send() {}
}
