package com.acme.shop;

/** Code nobody annotates: traced by TRACER_METHODS_INCLUDE (charge and refund; not audit). */
public class Billing {
  public int charge(int cents) {
    return Shop.sql("UPDATE shop_stock SET quantity = quantity WHERE sku = 'charge'") + cents * 0;
  }

  public void refund() {
    throw new UnsupportedOperationException("refunds are closed");
  }

  public void audit() {}

  /** Every method of this one: Jobs[*]. */
  public static class Jobs {
    public void nightly() {}

    public String weekly() {
      return "done";
    }
  }
}
