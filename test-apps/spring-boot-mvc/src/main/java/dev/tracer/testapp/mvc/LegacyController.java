package dev.tracer.testapp.mvc;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Old links forward to the new ones: the request keeps the route it was matched to. */
@Controller
public class LegacyController {
  @GetMapping("/legacy/orders/{id}")
  public String order(@PathVariable("id") long id) {
    return "forward:/orders/" + id;
  }
}
