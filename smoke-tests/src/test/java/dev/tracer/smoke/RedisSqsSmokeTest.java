package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.RedisApp;
import dev.tracer.smoke.apps.SqsApp;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import dev.tracer.testing.TestServices;
import java.io.File;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jedis (3, 4, 5) and SQS applications in their own JVMs under tracer.jar, exporting over OTLP. */
class RedisSqsSmokeTest {

  /** The Jedis jar of one major, copied by the build into target/jedis-libs. */
  static String jedisJar(int major) {
    File[] jars = new File("target/jedis-libs").listFiles((dir, name) -> name.startsWith("jedis-" + major + "."));
    assertThat(jars).as("jedis %s jar in target/jedis-libs", major).hasSize(1);
    return jars[0].getAbsolutePath();
  }

  @ParameterizedTest(name = "Jedis {0}")
  @ValueSource(ints = {3, 4, 5})
  void redisCommandsThroughEveryApiShape(int major) throws Exception {
    TestServices.requireRedis();
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      AgentProcess app = AgentProcess.builder(RedisApp.class)
          .classpath(AgentProcess.appClasspath(Collections.singletonList(jedisJar(major)),
              "commons-pool2-", "slf4j-api-", "gson-", "json-"))
          .env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_SERVICE_NAME", "redis-smoke")
          .args(major >= 4 ? "pooled" : "plain")
          .run(60);
      app.assertSucceeded();
      assertThat(app.stdout()).contains("read secret").contains("expected failure WRONGTYPE").contains("exec 1");
      List<String> expected = new java.util.ArrayList<>(List.of("SET smoke:user:1 ?", "GET smoke:user:1",
          "HGET smoke:user:1 name", "SET smoke:p:1 ?", "GET smoke:p:1", "MULTI", "SET smoke:tx:1 ?", "EXEC"));
      if (major >= 4) {
        expected.addAll(List.of("SET smoke:pooled:1 ?", "GET smoke:pooled:1"));
      }
      List<ReceivedSpan> spans = receiver.await(all -> commands(all).size() >= expected.size(), 15);
      List<ReceivedSpan> commands = commands(spans);
      assertThat(commands).extracting(s -> s.attribute("db.statement")).as(app.dump())
          .containsExactlyElementsOf(expected);
      for (ReceivedSpan span : commands) {
        assertThat(span.kind).isEqualTo("CLIENT");
        assertThat(span.name).isEqualTo(span.attribute("db.operation"));
        assertThat(span.attribute("db.system")).isEqualTo("redis");
        assertThat(span.attribute("server.port")).isEqualTo(6379L);
        assertThat(span.status).isEqualTo(span.name.equals("HGET") ? "ERROR" : "UNSET");
      }
    }
  }

  /** Spans of commands the app sent (not the handshake Jedis 5 sends by itself), in the order they ended (Jedis reads replies in order). */
  private static List<ReceivedSpan> commands(List<ReceivedSpan> spans) {
    return spans.stream().filter(s -> "redis".equals(s.attribute("db.system")) && !"CLIENT".equals(s.name))
        .collect(Collectors.toList());
  }

  @Test
  void sqsMessageSentByOneJvmAndHandledByAnotherIsOneTrace() throws Exception {
    SQSRestServer elasticMq = SQSRestServerBuilder.withPort(0).withInterface("127.0.0.1").start();
    try (OtlpReceiver receiver = new OtlpReceiver()) {
      String endpoint = "http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort();
      String queueUrl = endpoint + "/000000000000/smoke-orders";
      software.amazon.awssdk.services.sqs.SqsClient admin = software.amazon.awssdk.services.sqs.SqsClient.builder()
          .endpointOverride(java.net.URI.create(endpoint)).region(software.amazon.awssdk.regions.Region.US_EAST_1)
          .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
              software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test"))).build();
      admin.createQueue(b -> b.queueName("smoke-orders"));
      admin.close();
      String classpath = AgentProcess.appClasspath("sqs-", "aws-", "sdk-core-", "regions-", "auth-", "http-", "identity-",
          "profiles-", "metrics-spi-", "endpoints-spi-", "utils-", "retries-", "annotations-", "json-utils-",
          "protocol-core-", "third-party-jackson-", "apache5-client-", "httpclient5-", "httpcore5-", "slf4j-api-",
          "reactive-streams-", "checksums-", "eventstream-", "netty-", "crt-core-", "jetty-", "jakarta.servlet-api");
      // the sender is an HTTP service that sends inside each request
      AgentProcess sender = AgentProcess.builder(SqsApp.class)
          .classpath(classpath)
          .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_FLUSH_INTERVAL", "200ms")
          .env("TRACER_SERVICE_NAME", "sqs-sender").args("serve", endpoint, queueUrl).start();
      try {
        sender.awaitOutput("listening on ", 60);
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("listening on (\\d+)").matcher(sender.stdout());
        assertThat(port.find()).isTrue();
        java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/orders?id=42")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.body()).as(sender.dump()).isEqualTo("queued");
        receiver.await(all -> all.stream().anyMatch(s -> s.name.equals("Sqs.SendMessage")), 15);
      } finally {
        sender.close();
      }
      AgentProcess handler = AgentProcess.builder(SqsApp.class).classpath(classpath)
          .env("TRACER_EXPORTER", "otlp").env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_SERVICE_NAME", "sqs-handler").args("receive", endpoint, queueUrl).run(60);
      handler.assertSucceeded();
      assertThat(handler.stdout()).contains("handled order 42");

      List<ReceivedSpan> spans = receiver.await(all -> all.stream().anyMatch(s -> s.name.equals("smoke-orders process")), 15);
      ReceivedSpan send = spans.stream().filter(s -> s.name.equals("Sqs.SendMessage")).findFirst().orElseThrow();
      ReceivedSpan process = spans.stream().filter(s -> s.name.equals("smoke-orders process")).findFirst()
          .orElseThrow(() -> new AssertionError(handler.dump()));
      ReceivedSpan request = spans.stream().filter(s -> s.kind.equals("SERVER")).findFirst()
          .orElseThrow(() -> new AssertionError(spans.toString()));
      assertThat(request.name).startsWith("GET /orders");
      assertThat(request.isRoot()).isTrue();
      assertThat(send.traceId).isEqualTo(request.traceId);
      assertThat(send.parentSpanId).isEqualTo(request.spanId);
      assertThat(send.serviceName()).isEqualTo("sqs-sender");
      assertThat(send.kind).isEqualTo("PRODUCER");
      assertThat(send.attribute("messaging.destination.name")).isEqualTo("smoke-orders");
      assertThat(process.serviceName()).isEqualTo("sqs-handler");
      assertThat(process.kind).isEqualTo("CONSUMER");
      assertThat(process.traceId).isEqualTo(send.traceId);
      assertThat(process.parentSpanId).isEqualTo(send.spanId);
    } finally {
      elasticMq.stopAndWait();
    }
  }
}
