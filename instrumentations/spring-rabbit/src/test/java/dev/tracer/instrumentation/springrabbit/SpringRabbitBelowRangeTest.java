package dev.tracer.instrumentation.springrabbit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;

/**
 * spring-rabbit 2.3, below the range (2.4.0 is the oldest claimed): one "not supported" line, no process span
 * around the listener, and the message reaches it as without the agent. The rabbitmq instrumentation, in range,
 * still traces the publish. Run by the execution {@code below} of spring-rabbit-2-tests only.
 */
class SpringRabbitBelowRangeTest {
  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(SimpleMessageListenerContainer.class);

    CachingConnectionFactory connections = new CachingConnectionFactory(URI.create(TestServices.rabbitmq()));
    SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
    try {
      String queue = "tracer.spring.below";
      new RabbitAdmin(connections).declareQueue(new Queue(queue, false, false, true));
      CompletableFuture<String> body = new CompletableFuture<>();
      CompletableFuture<Boolean> spanInListener = new CompletableFuture<>();
      container.setQueueNames(queue);
      container.setMessageListener(message -> {
        spanInListener.complete(Span.current().getSpanContext().isValid());
        body.complete(new String(message.getBody(), StandardCharsets.UTF_8));
      });
      container.start();
      new RabbitTemplate(connections).convertAndSend("", queue, "hello");

      assertThat(body.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
      assertThat(spanInListener.get(10, TimeUnit.SECONDS)).isFalse();
    } finally {
      container.stop();
      connections.destroy();
    }

    assertThat(AgentConsole.notSupported("spring-rabbit")).hasSize(1);
    assertThat(AgentTesting.exported()).extracting(SpanData::getKind).doesNotContain(SpanKind.CONSUMER);
  }
}
