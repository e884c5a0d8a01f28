package dev.tracer.instrumentation.spring.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;

/**
 * Spring Data repositories on the map store (spring-data-keyvalue) in a plain application context: one
 * INTERNAL span {@code <Repository>.<method>} per repository call, whatever the method (CRUD, derived query,
 * custom fragment).
 */
class SpringDataTest {
  static AnnotationConfigApplicationContext context;
  static OrderRepository orders;

  @BeforeAll
  static void start() {
    AgentTesting.install();
    TestedVersions.assertLoaded(RepositoryFactorySupport.class);
    context = MapStoreApplication.start();
    orders = context.getBean(OrderRepository.class);
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @BeforeEach
  void reset() {
    orders.deleteAll();
    AgentTesting.reset();
  }

  static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).collect(Collectors.toList());
  }

  @Test
  void eachRepositoryCallIsAnInternalSpan() {
    orders.save(new Order("1", "tea"));
    assertThat(orders.findById("1")).hasValueSatisfying(o -> assertThat(o.getItem()).isEqualTo("tea"));
    assertThat(orders.findByItem("tea")).extracting(Order::getId).containsExactly("1");
    assertThat(orders.count()).isEqualTo(1L);

    List<SpanData> spans = AgentTesting.spans(4);
    assertThat(names(spans)).containsExactlyInAnyOrder(
        "OrderRepository.save", "OrderRepository.findById", "OrderRepository.findByItem", "OrderRepository.count");
    assertThat(spans).allSatisfy(span -> {
      assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
      assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
      assertThat(span.getAttributes().get(AttributeKey.stringKey("code.namespace")))
          .isEqualTo(OrderRepository.class.getName());
      assertThat(span.getParentSpanContext().isValid()).isFalse();
    });
    assertThat(spans).filteredOn(s -> s.getName().endsWith(".findByItem"))
        .allSatisfy(s -> assertThat(s.getAttributes().get(AttributeKey.stringKey("code.function"))).isEqualTo("findByItem"));
  }

  @Test
  void callsInsideASpanAreItsChildren() {
    Span parent = AgentTesting.tracing().tracer.spanBuilder("checkout").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      orders.save(new Order("2", "coffee"));
      assertThat(orders.existsById("2")).isTrue();
    } finally {
      parent.end();
    }
    List<SpanData> spans = AgentTesting.spans(3);
    List<SpanData> repository = spans.stream().filter(s -> s.getName().startsWith("OrderRepository."))
        .collect(Collectors.toList());
    assertThat(names(repository)).containsExactlyInAnyOrder("OrderRepository.save", "OrderRepository.existsById");
    assertThat(repository).allSatisfy(s -> {
      assertThat(s.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
      assertThat(s.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    });
  }

  @Test
  void aThrowingCustomMethodIsAnErrorAndTheExceptionReachesTheCaller() {
    assertThatThrownBy(() -> orders.cancel("3"))
        .isInstanceOf(IllegalStateException.class).hasMessage("order 3 already shipped");
    SpanData span = AgentTesting.spans(1).get(0);
    assertThat(span.getName()).isEqualTo("OrderRepository.cancel");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void objectMethodsAreNotTraced() {
    assertThat(orders.toString()).isNotEmpty();
    orders.hashCode();
    orders.count();
    assertThat(names(AgentTesting.spans(1))).containsExactly("OrderRepository.count");
  }
}
