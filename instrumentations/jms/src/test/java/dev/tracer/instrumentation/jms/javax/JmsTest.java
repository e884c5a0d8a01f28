package dev.tracer.instrumentation.jms.javax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import example.jms.javax.OrderListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.jms.Connection;
import javax.jms.DeliveryMode;
import javax.jms.ConnectionFactory;
import javax.jms.JMSContext;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.MessageProducer;
import javax.jms.Queue;
import javax.jms.Session;
import javax.jms.TemporaryQueue;
import javax.jms.TextMessage;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real broker embedded in this JVM, its JMS client, the agent installed: ActiveMQ Artemis (JMS 2.0, in-VM
 * transport), or in the execution jms-1.1 ActiveMQ 5 classic (JMS 1.1, vm:// transport).
 */
class JmsTest {
  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  /** Set by the execution jms-1.1: the JMS 1.1 provider's URL; otherwise Artemis (JMS 2.0). */
  static final String CLASSIC_URL = System.getProperty("jms.classic.url");
  static ConnectionFactory factory;
  static Connection connection;
  static Session session;

  @BeforeAll
  static void start() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("tracer.queue.capacity", "50000");
    settings.put("tracer.batch.size", "2048");
    settings.put("tracer.capture.messaging.headers", "Tenant,authorization,X-Shop.Id");
    AgentTesting.install(settings);
    factory = CLASSIC_URL != null ? classicFactory(CLASSIC_URL) : Artemis.start();
    if (CLASSIC_URL != null) { // the JMS 1.1 run: the provider's jar, and no JMS 2.0 API on the class path
      TestedVersions.assertLoaded(factory.getClass());
      assertThat(ConnectionFactory.class.getResource("JMSContext.class")).as("JMS 2.0's JMSContext").isNull();
    }
    connection = factory.createConnection();
    connection.start();
    session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
  }

  /**
   * A JMS 1.1 provider, ActiveMQ 5.x "classic" (execution jms-1.1): its vm:// URL starts a broker in this JVM.
   * By name, as its jar is on the class path of that execution only.
   */
  static ConnectionFactory classicFactory(String url) throws Exception {
    return (ConnectionFactory) Class.forName("org.apache.activemq.ActiveMQConnectionFactory")
        .getConstructor(String.class).newInstance(url);
  }

  /** ActiveMQ Artemis embedded (in-VM transport) and its JMS 2.0 client; loaded only when used. */
  static final class Artemis {
    static EmbeddedActiveMQ broker;

    static ConnectionFactory start() throws Exception {
      String data = Paths.get("target", "artemis").toAbsolutePath().toString();
      broker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false)
          .setSecurityEnabled(false).setJournalDirectory(data + "/journal").setBindingsDirectory(data + "/bindings")
          .setPagingDirectory(data + "/paging").setLargeMessagesDirectory(data + "/large")
          .addAcceptorConfiguration("in-vm", "vm://0"));
      broker.start();
      return new ActiveMQConnectionFactory("vm://0");
    }

    static void stop() throws Exception {
      if (broker != null) {
        broker.stop();
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (CLASSIC_URL == null) {
      Artemis.stop();
    }
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static List<SpanData> named(List<SpanData> spans, String name) {
    return spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  static SpanData awaitOne(String name) {
    List<SpanData> found = named(AgentTesting.waitFor(all -> !named(all, name).isEmpty()), name);
    assertThat(found).as(name).isNotEmpty();
    return found.get(0);
  }

  static String attribute(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  @Test
  void listenerProcessesInAChildOfTheSendAndIsCurrentWhileItRuns() throws Exception {
    Queue queue = session.createQueue("orders.listener");
    CompletableFuture<String> current = new CompletableFuture<>();
    try (Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
      MessageConsumer consumer = listening.createConsumer(queue);
      consumer.setMessageListener(message -> current.complete(Span.current().getSpanContext().getSpanId()));
      Span request = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
      try (Scope ignored = request.makeCurrent(); MessageProducer producer = session.createProducer(queue)) {
        producer.send(session.createTextMessage("order-1"));
      } finally {
        request.end();
      }
      String inListener = current.get(10, TimeUnit.SECONDS);

      SpanData publish = awaitOne("orders.listener publish");
      SpanData process = awaitOne("orders.listener process");
      assertThat(named(AgentTesting.spans(3), "orders.listener publish")).hasSize(1); // overloads nest: one span
      assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
      assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
      assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
      assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
      assertThat(inListener).isEqualTo(process.getSpanId());
      for (SpanData span : List.of(publish, process)) {
        assertThat(attribute(span, "messaging.system")).isEqualTo("jms");
        assertThat(attribute(span, "messaging.destination.name")).isEqualTo("orders.listener");
      }
      assertThat(attribute(process, "messaging.operation")).isEqualTo("process");
      assertThat(attribute(process, "messaging.message.id")).isNotNull();
    }
  }

  @Test
  void simplifiedApiSendAndSynchronousReceive() throws Exception {
    assumeTrue(CLASSIC_URL == null, "JMSContext/JMSProducer are JMS 2.0, absent from a JMS 1.1 provider");
    try (JMSContext context = factory.createContext()) {
      Queue queue = context.createQueue("orders.receive");
      context.createProducer().send(queue, "order-2");
      try (MessageConsumer consumer = session.createConsumer(queue)) {
        Message received = consumer.receive(10_000);
        assertThat(((TextMessage) received).getText()).isEqualTo("order-2");
        String current = Span.current().getSpanContext().getSpanId();
        assertThat(consumer.receiveNoWait()).isNull(); // ends the received message's span, opens none
        assertThat(Span.current().getSpanContext().isValid()).isFalse();

        SpanData receive = awaitOne("orders.receive receive");
        List<SpanData> publishes = named(AgentTesting.spans(2), "orders.receive publish");
        assertThat(publishes).hasSize(1); // JMSProducer over the provider's MessageProducer: one span
        assertThat(receive.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(receive.getParentSpanId()).isEqualTo(publishes.get(0).getSpanId());
        assertThat(receive.getSpanId()).isEqualTo(current);
        assertThat(attribute(receive, "messaging.operation")).isEqualTo("receive");
      }
    }
  }

  @Test
  void listedPropertiesAreCapturedOnBothSidesAndSecretsRedacted() throws Exception {
    Queue queue = session.createQueue("orders.captured");
    try (MessageProducer producer = session.createProducer(queue); MessageConsumer consumer = session.createConsumer(queue)) {
      TextMessage message = session.createTextMessage("captured");
      message.setStringProperty("tenant", "acme");
      message.setStringProperty("Authorization", "hunter2");
      message.setIntProperty(JmsMessages.propertyName("X-Shop.Id"), 7);
      message.setStringProperty("other", "no");
      producer.send(message);
      assertThat(consumer.receive(10_000)).isNotNull();
      consumer.close();
      List<SpanData> spans = List.of(awaitOne("orders.captured publish"), awaitOne("orders.captured receive"));
      for (SpanData span : spans) {
        assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("messaging.header.tenant"))).as(span.getName())
            .containsExactly("acme");
        assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("messaging.header.authorization")))
            .containsExactly("REDACTED");
        assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("messaging.header.x-shop.id"))).containsExactly("7");
        assertThat(span.getAttributes().get(AttributeKey.stringArrayKey("messaging.header.other"))).isNull();
      }
    }
  }

  @Test
  void messageCarryingItsOwnContextKeepsIt() throws Exception {
    Queue queue = session.createQueue("orders.own");
    try (MessageProducer producer = session.createProducer(queue); MessageConsumer consumer = session.createConsumer(queue)) {
      TextMessage message = session.createTextMessage("own");
      message.setStringProperty("traceparent", TRACEPARENT);
      producer.send(message);
      Message received = consumer.receive(10_000);
      assertThat(received.getStringProperty("traceparent")).isEqualTo(TRACEPARENT);
      consumer.close();
      SpanData receive = awaitOne("orders.own receive");
      assertThat(receive.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
      assertThat(receive.getParentSpanId()).isEqualTo("b7ad6b7169203331");
    }
  }

  @Test
  void temporaryQueueIsNamedAsSuch() throws Exception {
    TemporaryQueue queue = session.createTemporaryQueue();
    try (MessageProducer producer = session.createProducer(queue); MessageConsumer consumer = session.createConsumer(queue)) {
      producer.send(session.createTextMessage("reply"));
      assertThat(consumer.receive(10_000)).isNotNull();
    }
    SpanData publish = awaitOne("(temporary) publish");
    SpanData receive = awaitOne("(temporary) receive");
    assertThat(publish.getAttributes().get(AttributeKey.booleanKey("messaging.destination.temporary"))).isTrue();
    assertThat(receive.getParentSpanId()).isEqualTo(publish.getSpanId());
  }

  @Test
  void throwingListenerMarksItsSpan() throws Exception {
    Queue queue = session.createQueue("orders.failing");
    IllegalStateException failure = new IllegalStateException("listener failed");
    CountDownLatch called = new CountDownLatch(1);
    try (Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(queue)) {
      MessageConsumer consumer = listening.createConsumer(queue);
      consumer.setMessageListener(message -> {
        called.countDown();
        throw failure;
      });
      producer.send(session.createTextMessage("boom"));
      assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
      SpanData process = awaitOne("orders.failing process");
      consumer.close();
      assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(process.getEvents()).anyMatch(e -> e.getName().equals("exception")
          && "listener failed".equals(e.getAttributes().get(AttributeKey.stringKey("exception.message"))));
    }
  }

  @Test
  void listenerCalledByAContainerProcessesTheMessageAndEndsItsReceive() throws Exception {
    Queue queue = session.createQueue("orders.container");
    OrderListener listener = new OrderListener();
    try (MessageProducer producer = session.createProducer(queue); MessageConsumer consumer = session.createConsumer(queue)) {
      producer.send(session.createTextMessage("order-3"));
      listener.onMessage(consumer.receive(10_000));
      assertThat(consumer.getMessageListener()).isNull();
      consumer.setMessageListener(listener);
      assertThat(consumer.getMessageListener()).isSameAs(listener); // the application's, not a wrapper
      consumer.setMessageListener(null);
    }
    SpanData process = awaitOne("orders.container process");
    SpanData receive = awaitOne("orders.container receive");
    SpanData publish = awaitOne("orders.container publish");
    assertThat(listener.current).isEqualTo(process.getSpanId());
    assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(receive.getParentSpanId()).isEqualTo(publish.getSpanId());
    assertThat(receive.getEndEpochNanos()).isLessThanOrEqualTo(process.getStartEpochNanos());
  }

  @Test
  void propertyNamesAreJavaIdentifiers() {
    assertThat(JmsMessages.propertyName("X-B3-TraceId")).isEqualTo("X_$dash$_B3_$dash$_TraceId");
    assertThat(JmsMessages.propertyName("traceparent")).isEqualTo("traceparent");
    assertThat(JmsMessages.propertyName("uber-trace-id")).matches("[A-Za-z_$][A-Za-z0-9_$]*");
  }

  @Test
  void tenThousandMessagesAreTenThousandProcessSpans() throws Exception {
    int count = 10_000;
    Queue queue = session.createQueue("orders.many");
    CountDownLatch delivered = new CountDownLatch(count);
    try (Session listening = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(queue)) {
      MessageConsumer consumer = listening.createConsumer(queue);
      consumer.setMessageListener(message -> delivered.countDown());
      producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT); // sent without waiting for the broker each time
      for (int i = 0; i < count; i++) {
        producer.send(session.createTextMessage("m" + i));
      }
      assertThat(delivered.await(60, TimeUnit.SECONDS)).isTrue();
      consumer.close();
    }
    List<SpanData> spans = AgentTesting.waitFor(all -> named(all, "orders.many process").size() >= count);
    List<SpanData> process = named(spans, "orders.many process");
    assertThat(process).hasSize(count);
    Map<String, String> publishTrace = named(spans, "orders.many publish").stream()
        .collect(Collectors.toMap(SpanData::getSpanId, SpanData::getTraceId));
    assertThat(publishTrace).hasSize(count);
    assertThat(process).allMatch(s -> s.getTraceId().equals(publishTrace.get(s.getParentSpanId())));
  }
}
