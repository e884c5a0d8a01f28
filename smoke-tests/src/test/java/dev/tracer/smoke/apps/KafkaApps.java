package dev.tracer.smoke.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The JVMs of the Kafka chain: a broker (run without the agent), an order service producing, an order store consuming. */
public final class KafkaApps {
  private KafkaApps() {}

  /** The broker, args: its topics (one partition each). Prints its bootstrap servers, runs until stopped. */
  public static final class BrokerMain {
    public static void main(String[] args) throws Exception {
      EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, args);
      broker.afterPropertiesSet();
      Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
      System.out.println("brokers " + broker.getBrokersAsString());
      Thread.currentThread().join();
    }
  }

  /**
   * Service A, args: bootstrap servers, topic. smoke.Echo/Say produces the order to the topic and answers once the
   * broker acknowledged it; prints its gRPC port. (Once the servlet instrumentation is on main, the same send moves
   * into a servlet's doGet on embedded Jetty, as the HTTP chain apps do, and the test calls it over HTTP.)
   */
  public static final class OrderService {
    public static void main(String[] args) throws Exception {
      Properties config = new Properties();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
      KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
      io.grpc.Server server = GrpcApps.serve(order -> {
        try {
          producer.send(new ProducerRecord<>(args[1], order, order)).get();
        } catch (InterruptedException | ExecutionException e) {
          throw new IllegalStateException(e);
        }
        return "queued " + order;
      });
      System.out.println("listening " + server.getPort());
      server.awaitTermination();
    }
  }

  /** Service B, args: bootstrap servers, topic, JDBC url, how many orders. Stores each order it consumes, then exits. */
  public static final class OrderStore {
    public static void main(String[] args) throws Exception {
      int expected = Integer.parseInt(args[3]);
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      try (Connection db = DriverManager.getConnection(args[2], "sa", "");
          KafkaConsumer<String, String> consumer =
              new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
        try (Statement statement = db.createStatement()) {
          statement.execute("CREATE TABLE orders (id VARCHAR(64) PRIMARY KEY)");
        }
        // no consumer group: reads the partition from the start whether it runs before or after the producer
        consumer.assign(Collections.singletonList(new TopicPartition(args[1], 0)));
        System.out.println("consuming");
        int stored = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (stored < expected && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
              insert.setString(1, record.value());
              insert.executeUpdate();
            }
            stored++;
            System.out.println("stored " + record.value());
          }
        }
      }
    }
  }
}
