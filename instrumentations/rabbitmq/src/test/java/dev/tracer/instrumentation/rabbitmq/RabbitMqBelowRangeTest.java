package dev.tracer.instrumentation.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import dev.tracer.testing.TestedVersions;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * amqp-client 4.x, below the range (5.0 is the oldest claimed): one "not supported" line, no spans, and
 * publish, get and consume work as without the agent (no headers added). Run by the execution {@code below} only.
 */
class RabbitMqBelowRangeTest {
  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(ConnectionFactory.class);

    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(TestServices.rabbitmq());
    try (Connection connection = factory.newConnection()) {
      Channel channel = connection.createChannel();
      String queue = channel.queueDeclare("", false, true, true, null).getQueue();

      channel.basicPublish("", queue, null, "got".getBytes(StandardCharsets.UTF_8));
      GetResponse got = null;
      for (int i = 0; i < 100 && got == null; i++) {
        got = channel.basicGet(queue, true);
        if (got == null) {
          Thread.sleep(50);
        }
      }
      assertThat(got).isNotNull();
      assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("got");
      assertThat(got.getProps().getHeaders()).isNull();

      CompletableFuture<String> delivered = new CompletableFuture<>();
      CompletableFuture<Object> headers = new CompletableFuture<>();
      channel.basicConsume(queue, true, new DefaultConsumer(channel) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
          headers.complete(String.valueOf(properties.getHeaders()));
          delivered.complete(new String(body, StandardCharsets.UTF_8));
        }
      });
      channel.basicPublish("", queue, null, "consumed".getBytes(StandardCharsets.UTF_8));
      assertThat(delivered.get(10, TimeUnit.SECONDS)).isEqualTo("consumed");
      assertThat(headers.get(10, TimeUnit.SECONDS)).isEqualTo("null");
    }

    assertThat(AgentConsole.notSupported("rabbitmq")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
