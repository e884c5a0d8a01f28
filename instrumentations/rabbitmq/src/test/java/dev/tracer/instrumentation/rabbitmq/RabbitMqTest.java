package dev.tracer.instrumentation.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.impl.DefaultExceptionHandler;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real client against the local RabbitMQ server, the agent installed in this JVM. */
class RabbitMqTest {
  static final AttributeKey<String> ROUTING_KEY = AttributeKey.stringKey("messaging.rabbitmq.destination.routing_key");
  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  static final CompletableFuture<Throwable> CONSUMER_FAILURE = new CompletableFuture<>();
  static Connection connection;
  static Channel channel;

  @BeforeAll
  static void connect() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("tracer.queue.capacity", "50000");
    settings.put("tracer.batch.size", "2048");
    settings.put("tracer.capture.messaging.headers", "X-Tenant,Authorization");
    AgentTesting.install(settings);
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(TestServices.rabbitmq());
    factory.setExceptionHandler(new DefaultExceptionHandler() {
      @Override
      public void handleConsumerException(Channel ch, Throwable exception, Consumer consumer, String tag, String method) {
        CONSUMER_FAILURE.complete(exception);
      }
    });
    connection = factory.newConnection();
    channel = connection.createChannel();
  }

  @AfterAll
  static void close() throws Exception {
    if (connection != null) {
      connection.close();
    }
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static String queue() throws Exception {
    return channel.queueDeclare("", false, true, true, null).getQueue();
  }

  static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  static byte[] text(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void listedHeadersAreCapturedOnBothSidesAndSecretsRedacted() throws Exception {
    String queue = queue();
    CompletableFuture<Boolean> delivered = new CompletableFuture<>();
    channel.basicConsume(queue, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        delivered.complete(true);
      }
    });
    Map<String, Object> headers = new HashMap<>();
    headers.put("X-Tenant", "acme");
    headers.put("authorization", "hunter2");
    headers.put("X-Other", "no");
    channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().headers(headers).build(), text("hello"));
    delivered.get(10, TimeUnit.SECONDS);
    List<SpanData> spans = AgentTesting.spans(2);
    assertThat(spans).hasSize(2);
    for (SpanData span : spans) {
      assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("messaging.header.x-tenant"))).as(span.getName())
          .containsExactly("acme");
      assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("messaging.header.authorization")))
          .containsExactly("REDACTED");
      assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("messaging.header.x-other"))).isNull();
    }
  }

  @Test
  void deliveryIsProcessedInAChildOfThePublishAndIsCurrentInTheCallback() throws Exception {
    String queue = queue();
    CompletableFuture<String> seenTrace = new CompletableFuture<>();
    channel.basicConsume(queue, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        seenTrace.complete(Span.current().getSpanContext().getSpanId());
      }
    });
    Span request = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      channel.basicPublish("", queue, null, text("hello"));
    } finally {
      request.end();
    }
    String current = seenTrace.get(10, TimeUnit.SECONDS);

    List<SpanData> spans = AgentTesting.spans(3);
    SpanData publish = named(spans, "<default> publish").get(0);
    SpanData process = named(spans, queue + " process").get(0);
    assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
    assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(current).isEqualTo(process.getSpanId());
    for (SpanData span : List.of(publish, process)) {
      assertThat(span.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("rabbitmq");
      assertThat(span.getAttributes().get(ROUTING_KEY)).isEqualTo(queue);
      assertThat(span.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("127.0.0.1");
      assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(5672L);
    }
    assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo("<default>");
    assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.operation"))).isEqualTo("publish");
    assertThat(process.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo(queue);
    assertThat(process.getAttributes().get(AttributeKey.stringKey("messaging.operation"))).isEqualTo("process");
  }

  @Test
  void namedExchangeRoutesByKeyAndTheApplicationsPropertiesArrive() throws Exception {
    String queue = queue();
    channel.exchangeDeclare("tracer-orders", BuiltinExchangeType.DIRECT, false, true, null);
    channel.queueBind(queue, "tracer-orders", "eu.orders");
    Map<String, Object> headers = new HashMap<>();
    headers.put("tenant", "acme");
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("text/plain")
        .messageId("m-1").headers(headers).build();
    channel.basicPublish("tracer-orders", "eu.orders", properties, text("order"));

    GetResponse got = awaitGet(queue);
    assertThat(got.getProps().getContentType()).isEqualTo("text/plain");
    assertThat(got.getProps().getMessageId()).isEqualTo("m-1");
    assertThat(got.getProps().getHeaders().get("tenant").toString()).isEqualTo("acme");
    assertThat(got.getProps().getHeaders()).containsKey("traceparent");
    assertThat(headers).doesNotContainKey("traceparent"); // the application's map is not written to
    SpanData publish = named(AgentTesting.spans(1), "tracer-orders publish").get(0);
    assertThat(publish.getAttributes().get(ROUTING_KEY)).isEqualTo("eu.orders");
    assertThat(got.getProps().getHeaders().get("traceparent").toString()).contains(publish.getSpanId());
  }

  @Test
  void basicGetIsAReceiveSpanCurrentUntilTheNextGet() throws Exception {
    String queue = queue();
    channel.basicPublish("", queue, null, text("one"));
    GetResponse got = awaitGet(queue);
    assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("one");
    String current = Span.current().getSpanContext().getSpanId();
    assertThat(channel.basicGet(queue, true)).isNull(); // nothing left: ends the receive span, opens none
    assertThat(Span.current().getSpanContext().isValid()).isFalse();

    List<SpanData> spans = AgentTesting.spans(2);
    SpanData publish = named(spans, "<default> publish").get(0);
    SpanData receive = named(spans, queue + " receive").get(0);
    assertThat(receive.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(receive.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(receive.getSpanId()).isEqualTo(current);
    assertThat(receive.getAttributes().get(AttributeKey.stringKey("messaging.operation"))).isEqualTo("receive");
  }

  @Test
  void messageCarryingItsOwnContextKeepsIt() throws Exception {
    String queue = queue();
    CompletableFuture<String> seen = new CompletableFuture<>();
    channel.basicConsume(queue, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        seen.complete(properties.getHeaders().get("traceparent").toString());
      }
    });
    Map<String, Object> headers = new HashMap<>();
    headers.put("traceparent", TRACEPARENT);
    channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().headers(headers).build(), text("own"));

    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(TRACEPARENT);
    SpanData process = AgentTesting.waitFor(all -> !named(all, queue + " process").isEmpty()).stream()
        .filter(s -> s.getName().equals(queue + " process")).findFirst().orElseThrow();
    assertThat(process.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(process.getParentSpanId()).isEqualTo("b7ad6b7169203331");
  }

  @Test
  void throwingConsumerMarksItsSpanAndTheClientGetsTheException() throws Exception {
    String queue = queue();
    IllegalStateException failure = new IllegalStateException("listener failed");
    channel.basicConsume(queue, true, new DefaultConsumer(channel) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        throw failure;
      }
    });
    channel.basicPublish("", queue, null, text("boom"));

    assertThat(CONSUMER_FAILURE.get(10, TimeUnit.SECONDS)).isSameAs(failure);
    SpanData process = AgentTesting.waitFor(all -> !named(all, queue + " process").isEmpty()).stream()
        .filter(s -> s.getName().equals(queue + " process")).findFirst().orElseThrow();
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(process.getEvents()).anyMatch(e -> e.getName().equals("exception"));
  }

  @Test
  void tenThousandMessagesAreTenThousandProcessSpans() throws Exception {
    int count = 10_000;
    String queue = queue();
    CountDownLatch delivered = new CountDownLatch(count);
    try (Channel consuming = connection.createChannel()) {
      consuming.basicQos(500);
      consuming.basicConsume(queue, true, new DefaultConsumer(consuming) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
          delivered.countDown();
        }
      });
      for (int i = 0; i < count; i++) {
        channel.basicPublish("", queue, null, text("m" + i));
      }
      assertThat(delivered.await(60, TimeUnit.SECONDS)).isTrue();
    }
    List<SpanData> spans = AgentTesting.waitFor(all -> named(all, queue + " process").size() >= count);
    List<SpanData> process = named(spans, queue + " process");
    assertThat(process).hasSize(count);
    assertThat(named(spans, "<default> publish")).hasSize(count);
    // every process span is the child of its own publish
    Map<String, String> publishTrace = named(spans, "<default> publish").stream()
        .collect(Collectors.toMap(SpanData::getSpanId, SpanData::getTraceId));
    assertThat(process).allMatch(s -> s.getTraceId().equals(publishTrace.get(s.getParentSpanId())));
  }

  static GetResponse awaitGet(String queue) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      GetResponse response = channel.basicGet(queue, true);
      if (response != null) {
        return response;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no message on " + queue);
  }
}
