package dev.tracer.testapp.mvc;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

@Entity
public class ShopOrder {
  @Id
  @GeneratedValue
  private Long id;
  private String customer;

  protected ShopOrder() {}

  public ShopOrder(String customer) {
    this.customer = customer;
  }

  public Long getId() {
    return id;
  }

  public String getCustomer() {
    return customer;
  }
}
