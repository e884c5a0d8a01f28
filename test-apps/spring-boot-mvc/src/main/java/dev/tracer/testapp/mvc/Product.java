package dev.tracer.testapp.mvc;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** A catalog entry (seeded by {@link ShopData}); read by the pages and JSON endpoints of {@link ShopPagesController}. */
@Entity
public class Product {
  @Id
  @GeneratedValue
  private Long id;
  private String name;
  private String category;
  private int priceCents;

  protected Product() {}

  public Product(String name, String category, int priceCents) {
    this.name = name;
    this.category = category;
    this.priceCents = priceCents;
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getCategory() {
    return category;
  }

  public int getPriceCents() {
    return priceCents;
  }
}
