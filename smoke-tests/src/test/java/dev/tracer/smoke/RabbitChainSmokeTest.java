package dev.tracer.smoke;

import static dev.tracer.testing.ReceivedSpan.named;
import static dev.tracer.testing.ReceivedSpan.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.RabbitApps;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Service A (a servlet on Jetty 12) publishes each {@code GET /orders} to RabbitMQ, with the plain client or with
 * Spring's {@code RabbitTemplate}; service B stores each delivery in H2, from a plain {@code Consumer} and from a
 * {@code @RabbitListener}. Both under tracer.jar against the local RabbitMQ server: each request is one trace,
 * A's SERVER span → A's PRODUCER span → B's CONSUMER span → B's JDBC span, each the parent of the next.
 */
class RabbitChainSmokeTest {
  static final String[] APP_JARS = {"jetty-", "jakarta.servlet-api", "slf4j-api-", "slf4j-nop-", "h2-", "amqp-client-",
      "spring-", "micrometer-"};
  static final HttpClient CALLER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void requestPublishedByOneServiceAndStoredByAnotherIsOneTraceOnBothApis() throws Exception {
    String uri = TestServices.rabbitmq();
    String classpath = AgentProcess.appClasspath(APP_JARS);
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess store = AgentProcess.builder(RabbitApps.class).classpath(classpath)
            .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
            .env("TRACER_SERVICE_NAME", "order-store")
            .args("store", uri, "jdbc:h2:mem:orders", "2").start()) {
      store.awaitOutput("consuming", 60);
      try (AgentProcess service = AgentProcess.builder(RabbitApps.class).classpath(classpath)
          .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_SERVICE_NAME", "order-service").args("service", uri).start()) {
        service.awaitOutput("listening ", 60);
        int port = Integer.parseInt(service.stdout().replaceAll("(?s).*listening (\\d+).*", "$1"));
        for (String via : new String[] {"client", "spring"}) {
          HttpResponse<String> response = CALLER.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + port + "/orders?via=" + via + "&id=order-" + via)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).as(service.dump()).isEqualTo(200);
        }
        store.awaitExit(60);
        store.assertSucceeded();
        assertThat(store.stdout()).contains("stored order-client").contains("stored order-spring");

        List<ReceivedSpan> spans = receiver.await(all -> named(all, "INSERT orders").size() == 2
            && named(all, "GET /orders").size() == 2 && named(all, "<default> publish").size() == 2, 30);
        String dump = spans.stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n" + service.dump()
            + store.dump();
        for (String queue : new String[] {"smoke.rabbit.client", "smoke.rabbit.spring"}) {
          ReceivedSpan process = only(spans, queue + " process", dump);
          List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId.equals(process.traceId))
              .collect(Collectors.toList());
          assertThat(trace).as(dump).hasSize(4);
          ReceivedSpan server = only(trace, "GET /orders", dump);
          ReceivedSpan publish = only(trace, "<default> publish", dump);
          ReceivedSpan insert = only(trace, "INSERT orders", dump);
          assertThat(server.kind).isEqualTo("SERVER");
          assertThat(server.serviceName()).isEqualTo("order-service");
          assertThat(server.isRoot()).as(dump).isTrue();
          assertThat(publish.kind).isEqualTo("PRODUCER");
          assertThat(publish.serviceName()).isEqualTo("order-service");
          assertThat(publish.parentSpanId).as(dump).isEqualTo(server.spanId);
          assertThat(publish.attribute("messaging.rabbitmq.destination.routing_key")).isEqualTo(queue);
          assertThat(process.kind).isEqualTo("CONSUMER");
          assertThat(process.serviceName()).isEqualTo("order-store");
          assertThat(process.parentSpanId).as(dump).isEqualTo(publish.spanId);
          assertThat(process.attribute("messaging.system")).isEqualTo("rabbitmq");
          assertThat(insert.kind).isEqualTo("CLIENT");
          assertThat(insert.serviceName()).isEqualTo("order-store");
          assertThat(insert.parentSpanId).as(dump).isEqualTo(process.spanId);
        }
      }
    }
  }
}
