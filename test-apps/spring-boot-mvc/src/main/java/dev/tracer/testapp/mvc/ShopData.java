package dev.tracer.testapp.mvc;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Seeds the catalog at start so the pages' queries return rows: 60 products in 6 categories, 20 customers
 * ({@code customer-1} to {@code customer-20}), 600 purchases. Orders ({@link ShopOrder}) are left empty: the smoke
 * tests create them and expect the ids to start at 1. Seeded once every bean is created, before the web server
 * starts, so that the first request served (and "Started ShopApplication") finds them.
 */
@Component
class ShopData implements SmartInitializingSingleton {
  static final int PRODUCTS = 60;
  static final int CUSTOMERS = 20;
  static final String[] CATEGORIES = {"books", "games", "garden", "kitchen", "music", "tools"};

  private final ProductRepository products;
  private final CustomerRepository customers;
  private final PurchaseRepository purchases;

  ShopData(ProductRepository products, CustomerRepository customers, PurchaseRepository purchases) {
    this.products = products;
    this.customers = customers;
    this.purchases = purchases;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<Product> catalog = new ArrayList<>();
    for (int i = 1; i <= PRODUCTS; i++) {
      catalog.add(new Product("product-" + i, CATEGORIES[i % CATEGORIES.length], 199 + (i * 137) % 9000));
    }
    catalog = products.saveAll(catalog);
    List<Customer> people = new ArrayList<>();
    for (int i = 1; i <= CUSTOMERS; i++) {
      people.add(new Customer("customer-" + i, i % 4 == 0 ? "gold" : "standard"));
    }
    customers.saveAll(people);
    List<Purchase> bought = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      bought.add(new Purchase("customer-" + (1 + i % CUSTOMERS), catalog.get((i * 7) % PRODUCTS).getId(), 1 + i % 3));
    }
    purchases.saveAll(bought);
  }
}
