package dev.tracer.testapp.mvc;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface PurchaseRepository extends JpaRepository<Purchase, Long> {
  List<Purchase> findByCustomerOrderByIdDesc(String customer);

  List<Purchase> findTop10ByOrderByIdDesc();

  long countByProductId(long productId);

  @Query("select coalesce(sum(p.quantity), 0) from Purchase p where p.productId = :productId")
  long unitsSold(@Param("productId") long productId);
}
