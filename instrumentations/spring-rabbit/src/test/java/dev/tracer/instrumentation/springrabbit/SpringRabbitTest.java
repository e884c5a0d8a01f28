package dev.tracer.instrumentation.springrabbit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.BatchMessageListener;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.annotation.EnableRabbit;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.DirectMessageListenerContainer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Spring AMQP's containers and {@code @RabbitListener} against the local RabbitMQ server, the agent installed. */
class SpringRabbitTest {
  static final String ORDERS = "tracer.spring.orders";
  static final String FAILING = "tracer.spring.failing";
  static final CompletableFuture<String> LISTENER_SPAN = new CompletableFuture<>();
  static final CompletableFuture<Boolean> FAILED = new CompletableFuture<>();
  static CachingConnectionFactory connections;
  static RabbitTemplate template;
  static RabbitAdmin admin;
  static AnnotationConfigApplicationContext context;

  @Configuration
  @EnableRabbit
  static class Listeners {
    @Bean
    CachingConnectionFactory connectionFactory() {
      return connections;
    }

    @Bean
    SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory() {
      SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
      factory.setConnectionFactory(connections);
      factory.setDefaultRequeueRejected(false); // a failed message is dropped, not redelivered for ever
      return factory;
    }

    @RabbitListener(queues = ORDERS)
    void order(String body) {
      LISTENER_SPAN.complete(Span.current().getSpanContext().getSpanId());
    }

    @RabbitListener(queues = FAILING)
    void failing(String body) {
      FAILED.complete(true);
      throw new IllegalStateException("listener failed");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    AgentTesting.install();
    URI uri = URI.create(TestServices.rabbitmq());
    connections = new CachingConnectionFactory(uri);
    admin = new RabbitAdmin(connections);
    for (String queue : List.of(ORDERS, FAILING, "tracer.spring.batch", "tracer.spring.direct")) {
      admin.declareQueue(new Queue(queue, false, false, true));
      admin.purgeQueue(queue, false);
    }
    template = new RabbitTemplate(connections);
    context = new AnnotationConfigApplicationContext(Listeners.class);
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
    if (connections != null) {
      connections.destroy();
    }
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  @Test
  void rabbitListenerRunsInsideItsMessagesProcessSpan() throws Exception {
    Span request = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      template.convertAndSend(ORDERS, "order-1");
    } finally {
      request.end();
    }
    String inListener = LISTENER_SPAN.get(20, TimeUnit.SECONDS);
    List<SpanData> spans = AgentTesting.waitFor(all -> !named(all, ORDERS + " process").isEmpty());
    SpanData publish = named(spans, "<default> publish").get(0);
    List<SpanData> process = named(spans, ORDERS + " process");
    assertThat(process).hasSize(1); // the client's hand-off to the container's thread has no span of its own
    assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(process.get(0).getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.get(0).getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(inListener).isEqualTo(process.get(0).getSpanId());
    assertThat(process.get(0).getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("rabbitmq");
    assertThat(process.get(0).getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo(ORDERS);
    assertThat(process.get(0).getAttributes().get(AttributeKey.stringKey("messaging.rabbitmq.destination.routing_key")))
        .isEqualTo(ORDERS);
  }

  @Test
  void throwingListenerMarksItsProcessSpan() throws Exception {
    template.convertAndSend(FAILING, "boom");
    assertThat(FAILED.get(20, TimeUnit.SECONDS)).isTrue();
    SpanData process = named(AgentTesting.waitFor(all -> !named(all, FAILING + " process").isEmpty()),
        FAILING + " process").get(0);
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(process.getEvents()).anyMatch(e -> e.getName().equals("exception"));
  }

  @Test
  void batchListenerIsOneSpanLinkedToEachMessage() throws Exception {
    String queue = "tracer.spring.batch";
    for (int i = 0; i < 3; i++) {
      template.convertAndSend(queue, "m" + i);
    }
    CompletableFuture<Integer> received = new CompletableFuture<>();
    SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
    container.setQueueNames(queue);
    container.setConsumerBatchEnabled(true);
    container.setBatchSize(3);
    container.setMessageListener((BatchMessageListener) messages -> received.complete(messages.size()));
    container.start();
    try {
      assertThat(received.get(20, TimeUnit.SECONDS)).isEqualTo(3);
    } finally {
      container.stop();
    }
    List<SpanData> spans = AgentTesting.waitFor(all -> !named(all, queue + " process").isEmpty());
    List<SpanData> publishes = named(spans, "<default> publish");
    SpanData process = named(spans, queue + " process").get(0);
    assertThat(named(spans, queue + " process")).hasSize(1);
    assertThat(process.getAttributes().get(AttributeKey.longKey("messaging.batch.message_count"))).isEqualTo(3L);
    assertThat(process.getLinks()).hasSize(3);
    assertThat(process.getLinks().stream().map(l -> l.getSpanContext().getSpanId()))
        .containsExactlyInAnyOrderElementsOf(publishes.stream().map(SpanData::getSpanId).collect(Collectors.toList()));
  }

  @Test
  void directContainerRunsTheListenerInItsProcessSpan() throws Exception {
    String queue = "tracer.spring.direct";
    CompletableFuture<String> current = new CompletableFuture<>();
    DirectMessageListenerContainer container = new DirectMessageListenerContainer(connections);
    container.setQueueNames(queue);
    container.setMessageListener((Message message) -> current.complete(Span.current().getSpanContext().getSpanId()));
    container.start();
    try {
      template.convertAndSend(queue, "direct");
      String inListener = current.get(20, TimeUnit.SECONDS);
      List<SpanData> process = named(AgentTesting.waitFor(all -> !named(all, queue + " process").isEmpty()),
          queue + " process");
      assertThat(process).hasSize(1);
      assertThat(inListener).isEqualTo(process.get(0).getSpanId());
    } finally {
      container.stop();
    }
  }
}
