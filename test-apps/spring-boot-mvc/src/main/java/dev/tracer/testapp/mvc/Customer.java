package dev.tracer.testapp.mvc;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A customer of the catalog (seeded by {@link ShopData}), found by name. */
@Entity
public class Customer {
  @Id
  @GeneratedValue
  private Long id;
  private String name;
  private String tier;

  protected Customer() {}

  public Customer(String name, String tier) {
    this.name = name;
    this.tier = tier;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getTier() {
    return tier;
  }
}
