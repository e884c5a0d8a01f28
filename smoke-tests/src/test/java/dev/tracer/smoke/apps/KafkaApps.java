package dev.tracer.smoke.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
   * Service A, args: bootstrap servers, topic. A servlet on embedded Jetty 12 answers {@code GET /orders?id=ID} by
   * producing the order to the topic, and answers once the broker acknowledged it; prints its HTTP port.
   */
  public static final class OrderService {
    public static void main(String[] args) throws Exception {
      Properties config = new Properties();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
      KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
      OrderChain.serve((request, order) -> producer.send(new ProducerRecord<>(args[1], order, order)).get());
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
          ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
          // the per-partition loop of KafkaConsumer's Javadoc
          for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, String> record : records.records(partition)) {
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
}
