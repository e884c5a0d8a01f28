package dev.tracer.instrumentation.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.testing.AgentTesting;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real KRaft broker on loopback, the real client, the agent installed in this JVM. */
class KafkaTest {
  static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.kafka.partition");
  static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.message.offset");
  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  static EmbeddedKafkaKraftBroker broker;
  static KafkaProducer<String, String> producer;

  @BeforeAll
  static void start() {
    Map<String, String> settings = new HashMap<>();
    settings.put("tracer.queue.capacity", "50000");
    settings.put("tracer.batch.size", "2048");
    settings.put("tracer.capture.messaging.headers", "X-Tenant,Authorization");
    AgentTesting.install(settings);
    broker = new EmbeddedKafkaKraftBroker(1, 1, "single", "own", "many", "untouched", "bytopic", "big", "bypartition", "streamed", "headers");
    broker.afterPropertiesSet();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "10000");
    producer = new KafkaProducer<>(props);
  }

  @AfterAll
  static void stop() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (broker != null) {
      broker.destroy();
    }
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static KafkaConsumer<String, String> consumer(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "group-" + topic);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of(topic));
    return consumer;
  }

  /** Polls {@code topic} until it gives records (20 s at most); how many it gave. */
  static int consumeSome(String topic) {
    try (KafkaConsumer<String, String> consumer = consumer(topic)) {
      int seen = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (seen == 0 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> ignored : consumer.poll(Duration.ofMillis(200))) {
          seen++;
        }
      }
      return seen;
    }
  }

  static List<SpanData> ofKind(List<SpanData> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind).collect(Collectors.toList());
  }

  @Test
  void producerSpanEndsOnAcknowledgementAndConsumerSpanIsItsChild() throws Exception {
    CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    producer.send(new ProducerRecord<>("single", "k", "hello"), (metadata, error) -> acked.complete(metadata));
    RecordMetadata metadata = acked.get(10, TimeUnit.SECONDS);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();

    String seen = null;
    String traceparent = null;
    try (KafkaConsumer<String, String> consumer = consumer("single")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (seen == null && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          seen = record.value();
          traceparent = new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        }
      }
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }
    assertThat(seen).isEqualTo("hello");

    List<SpanData> spans = AgentTesting.spans(2);
    SpanData publish = ofKind(spans, SpanKind.PRODUCER).get(0);
    SpanData process = ofKind(spans, SpanKind.CONSUMER).get(0);
    assertThat(publish.getName()).isEqualTo("single publish");
    assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("kafka");
    assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo("single");
    assertThat(publish.getAttributes().get(AttributeKey.stringKey("messaging.operation"))).isEqualTo("publish");
    assertThat(publish.getAttributes().get(OFFSET)).isEqualTo(metadata.offset());
    assertThat(publish.getAttributes().get(PARTITION)).isEqualTo((long) metadata.partition());
    assertThat(traceparent).contains(publish.getSpanId()).contains(publish.getTraceId());
    assertThat(process.getName()).isEqualTo("single process");
    assertThat(process.getAttributes().get(AttributeKey.stringKey("messaging.operation"))).isEqualTo("process");
    assertThat(process.getAttributes().get(OFFSET)).isEqualTo(metadata.offset());
    assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
    assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
  }

  @Test
  void listedHeadersAreCapturedOnBothSidesAndSecretsRedacted() throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>("headers", "k", "v");
    record.headers().add("X-Tenant", "acme".getBytes(StandardCharsets.UTF_8));
    record.headers().add("authorization", "hunter2".getBytes(StandardCharsets.UTF_8));
    record.headers().add("X-Other", "no".getBytes(StandardCharsets.UTF_8));
    producer.send(record).get(10, TimeUnit.SECONDS);
    assertThat(consumeSome("headers")).isEqualTo(1);
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
  void anApplicationsOwnTraceparentIsKept() throws Exception {
    ProducerRecord<String, String> record = new ProducerRecord<>("own", "k", "mine");
    record.headers().add("traceparent", TRACEPARENT.getBytes(StandardCharsets.UTF_8));
    producer.send(record).get(10, TimeUnit.SECONDS);
    assertThat(record.headers().headers("traceparent")).hasSize(1);

    assertThat(consumeSome("own")).isEqualTo(1);
    List<SpanData> spans = AgentTesting.spans(2);
    SpanData process = ofKind(spans, SpanKind.CONSUMER).get(0);
    assertThat(process.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    assertThat(process.getParentSpanId()).isEqualTo("b7ad6b7169203331");
  }

  @Test
  void tenThousandRecordsGiveTenThousandProcessSpansEachAChildOfItsProducerSpan() throws Exception {
    int count = 10_000;
    List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(producer.send(new ProducerRecord<>("many", "record-" + i)));
    }
    for (java.util.concurrent.Future<RecordMetadata> future : sent) {
      future.get(30, TimeUnit.SECONDS);
    }
    // each acknowledgement took its send's event off the producer's callback
    assertThat(KafkaSends.PENDING.size()).isZero();
    int consumed = 0;
    try (KafkaConsumer<String, String> consumer = consumer("many")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      while (consumed < count && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        // half the batches through records(topic), half through the records themselves
        Iterable<ConsumerRecord<String, String>> batch = consumed % 2 == 0 ? records : records.records("many");
        for (ConsumerRecord<String, String> record : batch) {
          consumed++;
        }
      }
    }
    assertThat(consumed).isEqualTo(count);
    List<SpanData> spans = AgentTesting.waitFor(s -> ofKind(s, SpanKind.CONSUMER).size() >= count
        && ofKind(s, SpanKind.PRODUCER).size() >= count);
    List<SpanData> publishes = ofKind(spans, SpanKind.PRODUCER);
    List<SpanData> processes = ofKind(spans, SpanKind.CONSUMER);
    assertThat(publishes).hasSize(count);
    assertThat(processes).hasSize(count);
    Map<Long, SpanData> publishByOffset = new HashMap<>();
    for (SpanData publish : publishes) {
      publishByOffset.put(publish.getAttributes().get(OFFSET), publish);
    }
    assertThat(publishByOffset).hasSize(count);
    for (SpanData process : processes) {
      SpanData publish = publishByOffset.get(process.getAttributes().get(OFFSET));
      assertThat(publish).isNotNull();
      assertThat(process.getParentSpanId()).isEqualTo(publish.getSpanId());
      assertThat(process.getTraceId()).isEqualTo(publish.getTraceId());
    }
  }

  @Test
  void aBatchNeverIteratedLeavesNothingOpen() throws Exception {
    for (int i = 0; i < 5; i++) {
      producer.send(new ProducerRecord<>("untouched", "v" + i)).get(10, TimeUnit.SECONDS);
    }
    AgentTesting.spans(5);
    AgentTesting.reset();
    int polled = 0;
    try (KafkaConsumer<String, String> consumer = consumer("untouched")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (polled < 5 && System.nanoTime() < deadline) {
        polled += consumer.poll(Duration.ofMillis(200)).count();
        assertThat(Span.current().getSpanContext().isValid()).isFalse();
      }
    }
    assertThat(polled).isEqualTo(5);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(AgentTesting.spans(0)).isEmpty();
  }

  @Test
  void aLoopLeftEarlyEndsItsSpanAtTheNextPoll() throws Exception {
    for (int i = 0; i < 3; i++) {
      producer.send(new ProducerRecord<>("bytopic", "v" + i)).get(10, TimeUnit.SECONDS);
    }
    AgentTesting.spans(3);
    AgentTesting.reset();
    try (KafkaConsumer<String, String> consumer = consumer("bytopic")) {
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (records.count() < 3 && System.nanoTime() < deadline) {
        records = consumer.poll(Duration.ofMillis(500));
      }
      assertThat(records.count()).isEqualTo(3);
      for (ConsumerRecord<String, String> record : records) {
        assertThat(Span.current().getSpanContext().isValid()).isTrue();
        break; // the application stops after the first record
      }
      assertThat(Span.current().getSpanContext().isValid()).isTrue();
      consumer.poll(Duration.ofMillis(10));
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
    }
    List<SpanData> spans = AgentTesting.spans(1);
    assertThat(ofKind(spans, SpanKind.CONSUMER)).hasSize(1);
  }

  @Test
  void thePerPartitionLoopGivesEachRecordItsProcessSpan() throws Exception {
    Map<Long, String> publishes = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      producer.send(new ProducerRecord<>("bypartition", "v" + i)).get(10, TimeUnit.SECONDS);
    }
    for (SpanData publish : AgentTesting.spans(3)) {
      publishes.put(publish.getAttributes().get(OFFSET), publish.getSpanId());
    }
    AgentTesting.reset();
    List<String> processed = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("bypartition")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (processed.size() < 3 && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        // the loop of KafkaConsumer's Javadoc: each partition's records, then that partition's commit
        for (TopicPartition partition : records.partitions()) {
          List<ConsumerRecord<String, String>> partitionRecords = records.records(partition);
          for (ConsumerRecord<String, String> record : partitionRecords) {
            processed.add(record.offset() + " " + Span.current().getSpanContext().getSpanId());
          }
          assertThat(Span.current().getSpanContext().isValid()).isFalse();
          long last = partitionRecords.get(partitionRecords.size() - 1).offset();
          consumer.commitSync(Map.of(partition, new OffsetAndMetadata(last + 1)));
          // indexed access starts nothing; the list stays read-only
          assertThat(Span.current().getSpanContext().isValid()).isFalse();
          assertThatThrownBy(() -> partitionRecords.remove(0)).isInstanceOf(UnsupportedOperationException.class);
          assertThat(records.records(new TopicPartition("bypartition", 7))).isEmpty();
        }
      }
    }
    assertThat(processed).hasSize(3);
    List<SpanData> spans = AgentTesting.spans(3);
    assertThat(spans).hasSize(3);
    for (SpanData process : spans) {
      assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
      assertThat(process.getName()).isEqualTo("bypartition process");
      long offset = process.getAttributes().get(OFFSET);
      assertThat(process.getParentSpanId()).isEqualTo(publishes.get(offset));
      // the span was current while the loop handled its record
      assertThat(processed).contains(offset + " " + process.getSpanId());
    }
  }

  @Test
  void aPartitionsRecordsStreamedGiveProcessSpans() throws Exception {
    producer.send(new ProducerRecord<>("streamed", "streamed")).get(10, TimeUnit.SECONDS);
    AgentTesting.spans(1);
    AgentTesting.reset();
    List<String> current = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer("streamed")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (current.isEmpty() && System.nanoTime() < deadline) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (TopicPartition partition : records.partitions()) {
          records.records(partition).stream().filter(r -> r.value().equals("streamed"))
              .forEach(r -> current.add(Span.current().getSpanContext().getSpanId()));
        }
      }
    }
    assertThat(current).hasSize(1);
    SpanData process = AgentTesting.spans(1).get(0);
    assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(process.getSpanId()).isEqualTo(current.get(0));
  }

  @Test
  void aRejectedSendIsAnError() throws Exception {
    CompletableFuture<Exception> failed = new CompletableFuture<>();
    producer.send(new ProducerRecord<>("big", "x".repeat(20_000)), (metadata, error) -> failed.complete(error));
    assertThat(failed.get(10, TimeUnit.SECONDS)).isNotNull();
    SpanData publish = AgentTesting.spans(1).get(0);
    assertThat(publish.getName()).isEqualTo("big publish");
    assertThat(publish.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(publish.getEvents()).anyMatch(e -> e.getName().equals("exception"));
  }
}
