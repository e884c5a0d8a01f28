package dev.tracer.instrumentation.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.tracer.instrumentation.jedis.RedisSpans.OPERATION;
import static dev.tracer.instrumentation.jedis.RedisSpans.commands;
import static dev.tracer.instrumentation.jedis.RedisSpans.statements;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** Jedis 5 (and the newest, in the build's second run) against the real Redis: every API shape gives one CLIENT span per command. */
class Jedis5Test {
  static Jedis jedis;
  static JedisPooled pooled;

  @BeforeAll
  static void setUp() {
    TestServices.requireRedis();
    AgentTesting.install();
    RedisSpans.assertJedisMajor(Jedis.class, Integer.getInteger("jedis.major", 5));
    jedis = new Jedis("127.0.0.1", 6379);
    jedis.ping();
    pooled = new JedisPooled("127.0.0.1", 6379);
    pooled.ping();
  }

  @AfterAll
  static void tearDown() {
    jedis.close();
    pooled.close();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  @Test
  void jedisCommandsAreClientSpansWithSanitizedStatements() {
    Span parent = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      jedis.set("user:1", "secret value");
      assertThat(jedis.get("user:1")).isEqualTo("secret value");
      jedis.hset("user:1:h", "name", "Ann");
    } finally {
      parent.end();
    }
    List<SpanData> spans = commands(3);
    assertThat(spans).extracting(SpanData::getName).containsExactly("SET", "GET", "HSET");
    assertThat(statements(spans)).containsExactly("SET user:1 ?", "GET user:1", "HSET user:1:h name ?");
    for (SpanData span : spans) {
      RedisSpans.assertRedisSpan(span);
      assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
      assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    }
    assertThat(spans.get(0).getAttributes().get(OPERATION)).isEqualTo("SET");
  }

  @Test
  void errorReplyMarksTheSpan() {
    jedis.set("plain", "v");
    assertThatThrownBy(() -> jedis.hget("plain", "f")).isInstanceOf(JedisDataException.class)
        .hasMessageContaining("WRONGTYPE");
    List<SpanData> spans = commands(2);
    assertThat(spans).extracting(SpanData::getName).containsExactly("SET", "HGET");
    assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(spans.get(1).getEvents()).extracting(e -> e.getName()).contains("exception");
    assertThat(spans.get(0).getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void jedisPooledCommands() {
    pooled.set("pooled:1", "v1");
    pooled.incr("pooled:counter");
    pooled.mset("a:1", "x", "a:2", "y");
    List<SpanData> spans = commands(3);
    assertThat(statements(spans)).containsExactly("SET pooled:1 ?", "INCR pooled:counter", "MSET a:1 ? a:2 ?");
    assertThat(spans).allSatisfy(RedisSpans::assertRedisSpan);
  }

  @Test
  void pipelineGivesOneSpanPerCommand() {
    try (Pipeline pipeline = jedis.pipelined()) {
      pipeline.set("p:1", "one");
      pipeline.set("p:2", "two");
      pipeline.hget("p:1", "oops"); // WRONGTYPE, reported in the pipeline's responses
      pipeline.get("p:2");
      pipeline.sync();
    }
    List<SpanData> spans = commands(4);
    assertThat(statements(spans)).containsExactly("SET p:1 ?", "SET p:2 ?", "HGET p:1 oops", "GET p:2");
    assertThat(spans).extracting(s -> s.getStatus().getStatusCode())
        .containsExactly(StatusCode.UNSET, StatusCode.UNSET, StatusCode.ERROR, StatusCode.UNSET);
  }

  @Test
  void pooledPipelineAndTransaction() {
    try (Pipeline pipeline = pooled.pipelined()) {
      pipeline.set("pp:1", "one");
      pipeline.get("pp:1");
      pipeline.sync();
    }
    Transaction tx = jedis.multi();
    tx.set("tx:1", "one");
    tx.incr("tx:n");
    tx.exec();
    List<SpanData> spans = commands(6);
    assertThat(statements(spans)).containsExactly("SET pp:1 ?", "GET pp:1", "MULTI", "SET tx:1 ?", "INCR tx:n", "EXEC");
  }

  @Test
  void noCommandIsLeftWaitingForItsReply() {
    try (Pipeline pipeline = jedis.pipelined()) {
      for (int i = 0; i < 500; i++) {
        pipeline.set("w:" + i, "v");
      }
      assertThat(PendingCalls.waiting(jedis.getConnection())).isEqualTo(500);
      pipeline.sync();
    }
    for (int i = 0; i < 100; i++) {
      jedis.get("w:" + i);
    }
    commands(600);
    assertThat(PendingCalls.waiting(jedis.getConnection())).isZero();
  }
}
