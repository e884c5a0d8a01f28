package dev.tracer.testapp.mvc;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** One product bought by one customer (plain columns, no associations: nothing lazy to load while rendering). */
@Entity
public class Purchase {
  @Id
  @GeneratedValue
  private Long id;
  private String customer;
  private long productId;
  private int quantity;

  protected Purchase() {}

  public Purchase(String customer, long productId, int quantity) {
    this.customer = customer;
    this.productId = productId;
    this.quantity = quantity;
  }

  public Long getId() {
    return id;
  }

  public String getCustomer() {
    return customer;
  }

  public long getProductId() {
    return productId;
  }

  public int getQuantity() {
    return quantity;
  }
}
