package dev.tracer.instrumentation.spring.data;

import org.springframework.data.annotation.Id;
import org.springframework.data.keyvalue.annotation.KeySpace;

/** An entity of the map store. */
@KeySpace("orders")
public class Order {
  @Id private String id;
  private String item;

  public Order() {}

  public Order(String id, String item) {
    this.id = id;
    this.item = item;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getItem() {
    return item;
  }

  public void setItem(String item) {
    this.item = item;
  }
}
