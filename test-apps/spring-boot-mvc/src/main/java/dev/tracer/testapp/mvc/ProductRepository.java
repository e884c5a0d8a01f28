package dev.tracer.testapp.mvc;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ProductRepository extends JpaRepository<Product, Long> {
  List<Product> findByCategoryOrderByName(String category);

  List<Product> findTop20ByOrderByPriceCentsDesc();
}
