package dev.tracer.smoke;

import static dev.tracer.testing.ReceivedSpan.named;
import static dev.tracer.testing.ReceivedSpan.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Service A (a servlet on Jetty 12) sends each {@code GET /orders} to a JMS queue; service B runs an embedded
 * ActiveMQ Artemis broker and stores each order in H2, from a {@code MessageListener} on one queue and a
 * {@code receive} loop on the other. Both under tracer.jar, on javax.jms (Artemis' JMS 2.0 client) and jakarta.jms
 * (its JMS 3.1 client): each request is one trace, SERVER → PRODUCER → CONSUMER (process or receive) → CLIENT.
 */
class JmsChainSmokeTest {
  static final String[] APP_JARS = {"jetty-", "jakarta.servlet-api", "slf4j-api-", "slf4j-nop-", "h2-", "artemis-",
      "activemq-artemis-native", "netty-", "commons-", "jctools-", "micrometer-", "javax.jms-api", "jakarta.jms-api",
      "jakarta.transaction-api", "caffeine-", "jspecify-", "jgroups-", "pem-keystore-", "asn-one-", "HdrHistogram-",
      "LatencyUtils-"};
  static final HttpClient CALLER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @ParameterizedTest(name = "{0}.jms")
  @ValueSource(strings = {"javax", "jakarta"})
  void requestSentByOneServiceAndStoredByAnotherIsOneTrace(String namespace) throws Exception {
    String app = "dev.tracer.smoke.apps." + ("javax".equals(namespace) ? "JavaxJmsApp" : "JakartaJmsApp");
    String client = "javax".equals(namespace) ? "artemis-jms-client-" : "artemis-jakarta-client-";
    File[] jars = new File("target/jms-libs").listFiles((dir, name) -> name.startsWith(client));
    assertThat(jars).as("%s jar in target/jms-libs", client).hasSize(1);
    String classpath = AgentProcess.appClasspath(List.of(jars[0].getAbsolutePath()), APP_JARS);
    int brokerPort;
    try (ServerSocket free = new ServerSocket(0)) {
      brokerPort = free.getLocalPort();
    }
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess store = AgentProcess.builder(app).classpath(classpath)
            .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
            .env("TRACER_SERVICE_NAME", "order-store")
            .args("store", String.valueOf(brokerPort), "jdbc:h2:mem:orders", "2").start()) {
      store.awaitOutput("consuming", 60);
      try (AgentProcess service = AgentProcess.builder(app).classpath(classpath)
          .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_SERVICE_NAME", "order-service").args("service", String.valueOf(brokerPort)).start()) {
        service.awaitOutput("listening ", 60);
        int port = Integer.parseInt(service.stdout().replaceAll("(?s).*listening (\\d+).*", "$1"));
        for (String to : new String[] {"listener", "receive"}) {
          HttpResponse<String> response = CALLER.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + port + "/orders?to=" + to + "&id=order-" + to)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).as(service.dump()).isEqualTo(200);
        }
        store.awaitExit(60);
        store.assertSucceeded();
        assertThat(store.stdout()).contains("stored order-listener").contains("stored order-receive");

        List<ReceivedSpan> spans = receiver.await(all -> named(all, "INSERT orders").size() == 2
            && named(all, "GET /orders").size() == 2 && named(all, "smoke.jms.receive receive").size() == 1
            && named(all, "smoke.jms.listener process").size() == 1, 30);
        String dump = spans.stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n" + service.dump()
            + store.dump();
        for (String consumed : new String[] {"smoke.jms.listener process", "smoke.jms.receive receive"}) {
          ReceivedSpan consumer = only(spans, consumed, dump);
          String queue = consumed.substring(0, consumed.indexOf(' '));
          List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId.equals(consumer.traceId))
              .collect(Collectors.toList());
          assertThat(trace).as(dump).hasSize(4);
          ReceivedSpan server = only(trace, "GET /orders", dump);
          ReceivedSpan publish = only(trace, queue + " publish", dump);
          ReceivedSpan insert = only(trace, "INSERT orders", dump);
          assertThat(server.serviceName()).isEqualTo("order-service");
          assertThat(server.isRoot()).as(dump).isTrue();
          assertThat(publish.kind).isEqualTo("PRODUCER");
          assertThat(publish.parentSpanId).as(dump).isEqualTo(server.spanId);
          assertThat(consumer.kind).isEqualTo("CONSUMER");
          assertThat(consumer.serviceName()).isEqualTo("order-store");
          assertThat(consumer.parentSpanId).as(dump).isEqualTo(publish.spanId);
          assertThat(consumer.attribute("messaging.system")).isEqualTo("jms");
          assertThat(insert.serviceName()).isEqualTo("order-store");
          assertThat(insert.parentSpanId).as(dump).isEqualTo(consumer.spanId);
        }
      }
    }
  }
}
