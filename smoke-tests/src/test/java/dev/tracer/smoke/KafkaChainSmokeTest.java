package dev.tracer.smoke;

import static dev.tracer.testing.ReceivedSpan.named;
import static dev.tracer.testing.ReceivedSpan.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.KafkaApps;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Service A (a servlet on Jetty 12) produces each {@code GET /orders?id=...} to Kafka; service B consumes and writes
 * it to H2. Both run under tracer.jar, the broker in a JVM of its own without it, the caller (this JVM) without it
 * too: each request is one trace, A's SERVER span → A's PRODUCER span → B's CONSUMER span → B's JDBC span, each the
 * parent of the next; on kafka-clients 2.8, 3.0, 3.8 and 4.
 */
class KafkaChainSmokeTest {
  static final String[] APP_JARS = {"jetty-", "jakarta.servlet-api", "zstd-jni-", "lz4-java-", "snappy-java-",
      "slf4j-api-", "slf4j-nop-", "h2-"};
  static final HttpClient CALLER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static AgentProcess broker;
  static String brokers;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = AgentProcess.builder(KafkaApps.BrokerMain.class).withoutAgent()
        .args(Stream.of(CLIENT_VERSIONS).map(KafkaChainSmokeTest::topic).toArray(String[]::new)).start();
    broker.awaitOutput("brokers ", 60);
    brokers = broker.stdout().replaceAll("(?s).*brokers (\\S+).*", "$1");
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  static final String[] CLIENT_VERSIONS = {"2.8", "3.0", "3.8", "4"};

  static String topic(String clientVersion) {
    return "smoke-orders-" + clientVersion.replace('.', '-');
  }

  /**
   * The services' class path with one kafka-clients: 3.8 from the test class path, the others (2.8, 3.0, 4.x)
   * copied by the build into target/kafka-libs.
   */
  static String classpath(String clientVersion) {
    if (clientVersion.equals("3.8")) {
      return AgentProcess.appClasspath(Stream.concat(Stream.of(APP_JARS), Stream.of("kafka-clients-")).toArray(String[]::new));
    }
    File[] jars = new File("target/kafka-libs").listFiles((dir, name) -> name.startsWith("kafka-clients-" + clientVersion + "."));
    assertThat(jars).as("kafka-clients %s jar in target/kafka-libs", clientVersion).hasSize(1);
    return AgentProcess.appClasspath(List.of(jars[0].getAbsolutePath()), APP_JARS);
  }

  /** 2.8 and 3.0: before 3.3 a send that starts a new batch replaces its completion callback (once per send here). */
  @ParameterizedTest(name = "kafka-clients {0}")
  @ValueSource(strings = {"2.8", "3.0", "3.8", "4"})
  void requestProducedByOneServiceAndStoredByAnotherIsOneTrace(String clientVersion) throws Exception {
    String topic = topic(clientVersion);
    String classpath = classpath(clientVersion);
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess store = AgentProcess.builder(KafkaApps.OrderStore.class).classpath(classpath)
            .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
            .env("TRACER_SERVICE_NAME", "order-store")
            .args(brokers, topic, "jdbc:h2:mem:orders", "2").start();
        AgentProcess service = AgentProcess.builder(KafkaApps.OrderService.class).classpath(classpath)
            .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
            .env("TRACER_SERVICE_NAME", "order-service")
            .args(brokers, topic).start()) {
      service.awaitOutput("listening ", 60);
      int port = Integer.parseInt(service.stdout().replaceAll("(?s).*listening (\\d+).*", "$1"));
      for (String order : new String[] {"order-1", "order-2"}) {
        HttpResponse<String> response = CALLER.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/orders?id=" + order)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(service.dump()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("queued " + order);
      }
      store.awaitExit(40);
      store.assertSucceeded();
      assertThat(store.stdout()).contains("stored order-1").contains("stored order-2");

      // per order: SERVER, PRODUCER, CONSUMER, INSERT; plus B's CREATE TABLE
      List<ReceivedSpan> spans = receiver.await(all -> named(all, "INSERT orders").size() == 2
          && named(all, "GET /orders").size() == 2 && named(all, topic + " publish").size() == 2, 20);
      String dump = spans.stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n" + service.dump()
          + store.dump();
      assertThat(spans).as(dump).hasSize(9);
      List<String> traces = new ArrayList<>();
      for (ReceivedSpan server : named(spans, "GET /orders")) {
        List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId.equals(server.traceId)).collect(Collectors.toList());
        assertThat(trace).as(dump).hasSize(4);
        ReceivedSpan publish = only(trace, topic + " publish", dump);
        ReceivedSpan process = only(trace, topic + " process", dump);
        ReceivedSpan insert = only(trace, "INSERT orders", dump);

        assertThat(server.kind).isEqualTo("SERVER");
        assertThat(server.serviceName()).isEqualTo("order-service");
        assertThat(server.isRoot()).as(dump).isTrue();
        assertThat(server.attribute("http.route")).isEqualTo("/orders");
        assertThat(server.attribute("http.response.status_code")).isEqualTo(200L);

        assertThat(publish.kind).isEqualTo("PRODUCER");
        assertThat(publish.serviceName()).isEqualTo("order-service");
        assertThat(publish.parentSpanId).as(dump).isEqualTo(server.spanId);

        assertThat(process.kind).isEqualTo("CONSUMER");
        assertThat(process.serviceName()).isEqualTo("order-store");
        assertThat(process.parentSpanId).as(dump).isEqualTo(publish.spanId);

        assertThat(insert.kind).isEqualTo("CLIENT");
        assertThat(insert.serviceName()).isEqualTo("order-store");
        assertThat(insert.attribute("db.system")).isEqualTo("h2");
        assertThat(insert.parentSpanId).as(dump).isEqualTo(process.spanId);

        for (ReceivedSpan message : List.of(publish, process)) {
          assertThat(message.attribute("messaging.system")).isEqualTo("kafka");
          assertThat(message.attribute("messaging.destination.name")).isEqualTo(topic);
          assertThat(message.attribute("messaging.kafka.partition")).isEqualTo(0L);
        }
        assertThat(publish.attribute("messaging.operation")).isEqualTo("publish");
        assertThat(process.attribute("messaging.operation")).isEqualTo("process");
        // the consumer handled the very record the producer's span was acknowledged for
        assertThat(process.attribute("messaging.kafka.message.offset")).as(dump)
            .isEqualTo(publish.attribute("messaging.kafka.message.offset")).isNotNull();
        traces.add(server.traceId);
      }
      assertThat(traces).doesNotHaveDuplicates();
      ReceivedSpan create = only(spans, "CREATE orders", dump);
      assertThat(create.isRoot()).isTrue();
      assertThat(traces).doesNotContain(create.traceId);
    }
  }
}
