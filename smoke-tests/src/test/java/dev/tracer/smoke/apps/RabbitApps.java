package dev.tracer.smoke.apps;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.amqp.rabbit.annotation.EnableRabbit;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The two JVMs of the RabbitMQ chain, each on both APIs: the plain client ({@code amqp-client}) and Spring AMQP.
 * Args: {@code service <amqp uri>} or {@code store <amqp uri> <jdbc url> <orders>}.
 */
public final class RabbitApps {
  static final String CLIENT_QUEUE = "smoke.rabbit.client";
  static final String SPRING_QUEUE = "smoke.rabbit.spring";

  private RabbitApps() {}

  public static void main(String[] args) throws Exception {
    if ("service".equals(args[0])) {
      service(args[1]);
    } else {
      store(args[1], args[2], Integer.parseInt(args[3]));
    }
  }

  static Channel channel(String uri) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(uri);
    Channel channel = factory.newConnection().createChannel();
    for (String queue : new String[] {CLIENT_QUEUE, SPRING_QUEUE}) {
      channel.queueDeclare(queue, false, false, false, null);
    }
    return channel;
  }

  /** Service A: {@code GET /orders?id=ID&via=client|spring} publishes with {@code basicPublish} or a RabbitTemplate. */
  static void service(String uri) throws Exception {
    Channel channel = channel(uri);
    RabbitTemplate template = new RabbitTemplate(new CachingConnectionFactory(URI.create(uri)));
    OrderChain.serve((request, order) -> {
      if ("spring".equals(request.getParameter("via"))) {
        template.convertAndSend(SPRING_QUEUE, order);
      } else {
        synchronized (channel) {
          channel.basicPublish("", CLIENT_QUEUE, null, order.getBytes(StandardCharsets.UTF_8));
        }
      }
    });
  }

  /** Spring AMQP's side of service B: a {@code @RabbitListener}. */
  @Configuration
  @EnableRabbit
  public static class SpringStore {
    @Bean
    CachingConnectionFactory connectionFactory() {
      return new CachingConnectionFactory(URI.create(System.getProperty("smoke.amqp.uri")));
    }

    @Bean
    SimpleRabbitListenerContainerFactory rabbitListenerContainerFactory(CachingConnectionFactory connections) {
      SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
      factory.setConnectionFactory(connections);
      return factory;
    }

    @RabbitListener(queues = SPRING_QUEUE)
    public void order(String order) {
      OrderChain.save(order);
    }
  }

  /** Service B: stores each order it is delivered (plain consumer and {@code @RabbitListener}), exits after all. */
  static void store(String uri, String jdbcUrl, int orders) throws Exception {
    OrderChain.openTable(jdbcUrl, orders);
    Channel channel = channel(uri);
    channel.queuePurge(CLIENT_QUEUE);
    channel.queuePurge(SPRING_QUEUE);
    channel.basicConsume(CLIENT_QUEUE, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        OrderChain.save(new String(body, StandardCharsets.UTF_8));
      }
    });
    System.setProperty("smoke.amqp.uri", uri);
    try (AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(SpringStore.class)) {
      System.out.println("consuming");
      OrderChain.awaitAll();
    }
    channel.getConnection().close();
  }
}
