package dev.tracer.testapp.mvc;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface OrderRepository extends JpaRepository<ShopOrder, Long> {
  List<ShopOrder> findByCustomer(String customer);
}
