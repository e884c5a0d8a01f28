package dev.tracer.instrumentation.spring.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;

/**
 * Spring Data 2.6, below the range (the gate is PersistenceCreator, first in 2.7): one "not supported" line, no
 * spans, and the repositories answer as without the agent. Run by the execution {@code below} only.
 */
class SpringDataBelowRangeTest {
  @Test
  void staysOutOfTheWay() {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(RepositoryFactorySupport.class);
    try (AnnotationConfigApplicationContext context = MapStoreApplication.start()) {
      OrderRepository orders = context.getBean(OrderRepository.class);
      orders.save(new Order("1", "tea"));
      assertThat(orders.findById("1")).hasValueSatisfying(o -> assertThat(o.getItem()).isEqualTo("tea"));
      assertThat(orders.findByItem("tea")).extracting(Order::getId).containsExactly("1");
      assertThat(orders.count()).isEqualTo(1L);
      assertThatThrownBy(() -> orders.cancel("1"))
          .isInstanceOf(IllegalStateException.class).hasMessage("order 1 already shipped");
    }
    assertThat(AgentConsole.notSupported("spring-data")).hasSize(1);
    AgentTesting.flush();
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
