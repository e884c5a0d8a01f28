package dev.tracer.instrumentation.jedis;

import static dev.tracer.instrumentation.jedis.RedisSpans.commands;
import static dev.tracer.instrumentation.jedis.RedisSpans.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** Jedis 3 against the real Redis: Jedis, JedisPool, pipelines, transactions. */
class Jedis3Test {
  static JedisPool pool;

  @BeforeAll
  static void setUp() {
    TestServices.requireRedis();
    AgentTesting.install();
    RedisSpans.assertJedisMajor(Jedis.class, 3);
    TestedVersions.assertLoaded(Jedis.class);
    pool = new JedisPool("127.0.0.1", 6379);
  }

  @AfterAll
  static void tearDown() {
    pool.close();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  @Test
  void commandsThroughThePool() {
    try (Jedis jedis = pool.getResource()) {
      jedis.set("v3:user:1", "secret");
      assertThat(jedis.get("v3:user:1")).isEqualTo("secret");
      jedis.hset("v3:user:1:h", "name", "Ann");
    }
    List<SpanData> spans = commands(3);
    assertThat(spans).extracting(SpanData::getName).containsExactly("SET", "GET", "HSET");
    assertThat(statements(spans)).containsExactly("SET v3:user:1 ?", "GET v3:user:1", "HSET v3:user:1:h name ?");
    assertThat(spans).allSatisfy(RedisSpans::assertRedisSpan);
  }

  @Test
  void errorReplyMarksTheSpan() {
    try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
      jedis.set("v3:plain", "v");
      assertThatThrownBy(() -> jedis.hget("v3:plain", "f")).isInstanceOf(JedisDataException.class);
    }
    List<SpanData> spans = commands(2);
    assertThat(spans).extracting(SpanData::getName).containsExactly("SET", "HGET");
    assertThat(spans).extracting(s -> s.getStatus().getStatusCode()).containsExactly(StatusCode.UNSET, StatusCode.ERROR);
  }

  @Test
  void pipelineAndTransaction() {
    try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
      Pipeline pipeline = jedis.pipelined();
      pipeline.set("v3:p:1", "one");
      pipeline.hget("v3:p:1", "oops");
      pipeline.get("v3:p:1");
      pipeline.sync();
      Transaction tx = jedis.multi();
      tx.set("v3:tx:1", "one");
      tx.incr("v3:tx:n");
      tx.exec();
    }
    List<SpanData> spans = commands(7);
    assertThat(statements(spans)).containsExactly("SET v3:p:1 ?", "HGET v3:p:1 oops", "GET v3:p:1",
        "MULTI", "SET v3:tx:1 ?", "INCR v3:tx:n", "EXEC");
    assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(spans.get(2).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }
}
