package dev.tracer.testapp.mvc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
public class OrderController {
  private final OrderRepository orders;
  private final HttpClient http = HttpClient.newHttpClient();

  public OrderController(OrderRepository orders) {
    this.orders = orders;
  }

  @GetMapping("/")
  public String home() {
    return "shop";
  }

  /** A form POST ({@code customer=...}): answers the new order's id. */
  @PostMapping("/orders/new")
  public String create(@RequestParam("customer") String customer) {
    return String.valueOf(orders.save(new ShopOrder(customer)).getId());
  }

  /** 404 (a 4xx the controller chose) when there is no such order. */
  @GetMapping("/orders/{id}")
  public String order(@PathVariable("id") long id) {
    return orders.findById(id).map(ShopOrder::getCustomer)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no order " + id));
  }

  @GetMapping("/customers/{customer}/orders")
  public String byCustomer(@PathVariable("customer") String customer) {
    List<ShopOrder> found = orders.findByCustomer(customer);
    return String.valueOf(found.size());
  }

  /** Asks this same application for the order over HTTP (an outgoing call): answers its status and body. */
  @GetMapping("/orders/{id}/via-http")
  public String viaHttp(@PathVariable("id") long id) throws Exception {
    URI uri = ServletUriComponentsBuilder.fromCurrentContextPath().path("/orders/" + id).build().toUri();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  /** The application's own exception escapes the controller: a 500. */
  @GetMapping("/orders/{id}/fail")
  public String fail(@PathVariable("id") long id) {
    throw new OrderFailedException("order " + id + " failed");
  }
}
