package dev.tracer.smoke.apps;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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

  /**
   * Service A: a servlet on embedded Jetty 12 answers {@code GET /orders?id=ID&via=client|spring} by publishing the
   * order with the plain client's {@code basicPublish} or with Spring's {@code RabbitTemplate}; prints its port.
   */
  static void service(String uri) throws Exception {
    Channel channel = channel(uri);
    RabbitTemplate template = new RabbitTemplate(new CachingConnectionFactory(URI.create(uri)));
    Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(new HttpServlet() {
      @Override
      protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String order = request.getParameter("id");
        if ("spring".equals(request.getParameter("via"))) {
          template.convertAndSend(SPRING_QUEUE, order);
        } else {
          synchronized (channel) {
            channel.basicPublish("", CLIENT_QUEUE, null, order.getBytes(StandardCharsets.UTF_8));
          }
        }
        response.getWriter().print("queued " + order);
      }
    }), "/orders");
    server.setHandler(context);
    server.start();
    System.out.println("listening " + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    server.join();
  }

  static Connection database;
  static CountDownLatch remaining;

  static synchronized void save(String order) {
    try (PreparedStatement insert = database.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
      insert.setString(1, order);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    System.out.println("stored " + order);
    remaining.countDown();
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
      save(order);
    }
  }

  /** Service B: stores each order it is delivered (plain consumer and {@code @RabbitListener}), exits after all. */
  static void store(String uri, String jdbcUrl, int orders) throws Exception {
    database = DriverManager.getConnection(jdbcUrl, "sa", "");
    remaining = new CountDownLatch(orders);
    try (Statement statement = database.createStatement()) {
      statement.execute("CREATE TABLE orders (id VARCHAR(64) PRIMARY KEY)");
    }
    Channel channel = channel(uri);
    channel.queuePurge(CLIENT_QUEUE);
    channel.queuePurge(SPRING_QUEUE);
    channel.basicConsume(CLIENT_QUEUE, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        save(new String(body, StandardCharsets.UTF_8));
      }
    });
    System.setProperty("smoke.amqp.uri", uri);
    try (AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(SpringStore.class)) {
      System.out.println("consuming");
      if (!remaining.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("orders missing: " + remaining.getCount());
      }
    }
    channel.getConnection().close();
  }
}
