package dev.tracer.instrumentation.spring.data;

import java.util.List;
import org.springframework.data.keyvalue.repository.KeyValueRepository;

/** A repository of the map store: CRUD, a derived query and a custom method. */
public interface OrderRepository extends KeyValueRepository<Order, String>, OrderRepositoryCustom {
  List<Order> findByItem(String item);
}
