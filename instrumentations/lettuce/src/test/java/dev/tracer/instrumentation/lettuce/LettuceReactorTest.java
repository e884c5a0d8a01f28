package dev.tracer.instrumentation.lettuce;

import static dev.tracer.instrumentation.jedis.RedisSpans.commands;
import static dev.tracer.instrumentation.jedis.RedisSpans.statements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Lettuce's reactive API with the reactor instrumentation: a command subscribed inside a chain (after another
 * command's reply, on Lettuce's event loop, or on a Reactor scheduler) is a child of the span the chain was
 * subscribed under.
 */
class LettuceReactorTest {
  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;
  static RedisReactiveCommands<String, String> reactive;

  @BeforeAll
  static void setUp() {
    TestServices.requireRedis();
    AgentTesting.install();
    client = RedisClient.create("redis://127.0.0.1:6379");
    connection = client.connect();
    reactive = connection.reactive();
  }

  @AfterAll
  static void tearDown() {
    connection.close();
    client.shutdown();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  @Test
  void commandsChainedInsideAChainAreChildrenOfItsSpan() {
    Span parent = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      Long total = reactive.set("lt:x:1", "v")
          .then(reactive.get("lt:x:1")) // subscribed on the event loop, when SET's reply arrives
          .publishOn(Schedulers.parallel())
          .flatMapMany(value -> Flux.range(0, 5).flatMap(i -> reactive.incr("lt:x:n")))
          .subscribeOn(Schedulers.boundedElastic())
          .then(Mono.defer(() -> reactive.exists("lt:x:1")))
          .block();
      assertThat(total).isEqualTo(1L);
    } finally {
      parent.end();
    }
    List<SpanData> spans = commands(8);
    assertThat(statements(spans)).hasSize(8).startsWith("SET lt:x:1 ?", "GET lt:x:1").endsWith("EXISTS lt:x:1")
        .filteredOn(s -> s.startsWith("INCR")).hasSize(5);
    assertThat(spans).allSatisfy(span -> {
      assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
      assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    });
  }
}
