package dev.tracer.testapp.mvc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/**
 * What a real service's requests look like, for the steady-state benchmark (benchmarks/boot-steady.sh): pages
 * rendered by Thymeleaf and JSON answers, each request running three or four queries.
 */
@Controller
public class ShopPagesController {
  private final ProductRepository products;
  private final CustomerRepository customers;
  private final PurchaseRepository purchases;
  private final OrderRepository orders;

  public ShopPagesController(ProductRepository products, CustomerRepository customers, PurchaseRepository purchases,
      OrderRepository orders) {
    this.products = products;
    this.customers = customers;
    this.purchases = purchases;
    this.orders = orders;
  }

  /** The catalog page of one category (default books): its products, the top sellers, recent purchases, counts. */
  @GetMapping("/shop/catalog")
  public String catalog(@RequestParam(name = "category", defaultValue = "books") String category, Model model) {
    model.addAttribute("category", category);
    model.addAttribute("products", products.findByCategoryOrderByName(category));
    model.addAttribute("expensive", products.findTop20ByOrderByPriceCentsDesc());
    model.addAttribute("recent", purchases.findTop10ByOrderByIdDesc());
    model.addAttribute("customerCount", customers.count());
    return "catalog";
  }

  /** A customer's page: the customer, their purchases and the products bought, their orders. */
  @GetMapping("/shop/customers/{customer}")
  public String customer(@PathVariable("customer") String name, Model model) {
    Customer customer = customers.findByName(name)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no customer " + name));
    List<Purchase> bought = purchases.findByCustomerOrderByIdDesc(name);
    Map<Long, Product> byId = products.findAllById(bought.stream().map(Purchase::getProductId).distinct()
        .collect(Collectors.toList())).stream().collect(Collectors.toMap(Product::getId, p -> p));
    model.addAttribute("customer", customer);
    model.addAttribute("purchases", bought);
    model.addAttribute("products", byId);
    model.addAttribute("orders", orders.findByCustomer(name));
    return "customer";
  }

  /** A product as JSON: the product, how often and how much it sold, others of its category. */
  @GetMapping("/api/products/{id}")
  @ResponseBody
  public Map<String, Object> product(@PathVariable("id") long id) {
    Product product = products.findById(id)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no product " + id));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", product.getId());
    json.put("name", product.getName());
    json.put("category", product.getCategory());
    json.put("priceCents", product.getPriceCents());
    json.put("purchases", purchases.countByProductId(id));
    json.put("unitsSold", purchases.unitsSold(id));
    json.put("related", products.findByCategoryOrderByName(product.getCategory()).stream()
        .filter(p -> !p.getId().equals(product.getId())).map(Product::getName).limit(5).collect(Collectors.toList()));
    return json;
  }

  /** A customer's summary as JSON: the customer, their purchases, the amount spent, their order count. */
  @GetMapping("/api/customers/{customer}/summary")
  @ResponseBody
  public Map<String, Object> summary(@PathVariable("customer") String name) {
    Customer customer = customers.findByName(name)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no customer " + name));
    List<Purchase> bought = purchases.findByCustomerOrderByIdDesc(name);
    Map<Long, Product> byId = products.findAllById(bought.stream().map(Purchase::getProductId).distinct()
        .collect(Collectors.toList())).stream().collect(Collectors.toMap(Product::getId, p -> p));
    long spentCents = 0;
    for (Purchase purchase : bought) {
      spentCents += (long) purchase.getQuantity() * byId.get(purchase.getProductId()).getPriceCents();
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", customer.getName());
    json.put("tier", customer.getTier());
    json.put("purchases", bought.size());
    json.put("spentCents", spentCents);
    json.put("orders", orders.findByCustomer(name).size());
    return json;
  }
}
