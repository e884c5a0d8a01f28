package dev.tracer.testapp.otelapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The shop; {@code --shop.topic=...} names its Kafka topic, {@code --spring.kafka.bootstrap-servers=...} the broker. */
@SpringBootApplication
@EnableScheduling
@EnableAsync
public class OtelShopApplication {
  public static void main(String[] args) {
    SpringApplication.run(OtelShopApplication.class, args);
  }
}
