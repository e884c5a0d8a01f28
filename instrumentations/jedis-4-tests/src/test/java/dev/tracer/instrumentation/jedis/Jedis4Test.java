package dev.tracer.instrumentation.jedis;

import static dev.tracer.instrumentation.jedis.RedisSpans.commands;
import static dev.tracer.instrumentation.jedis.RedisSpans.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** Jedis 4 against the real Redis: Jedis, JedisPooled, pipelines, transactions. */
class Jedis4Test {

  @BeforeAll
  static void setUp() {
    TestServices.requireRedis();
    AgentTesting.install();
    RedisSpans.assertJedisMajor(Jedis.class, 4);
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  @Test
  void jedisAndJedisPooled() {
    try (Jedis jedis = new Jedis("127.0.0.1", 6379); JedisPooled pooled = new JedisPooled("127.0.0.1", 6379)) {
      jedis.set("v4:user:1", "secret");
      assertThat(pooled.get("v4:user:1")).isEqualTo("secret");
      pooled.hset("v4:user:1:h", "name", "Ann");
      assertThatThrownBy(() -> pooled.hget("v4:user:1", "f")).isInstanceOf(JedisDataException.class);
    }
    List<SpanData> spans = commands(4);
    assertThat(statements(spans)).containsExactly("SET v4:user:1 ?", "GET v4:user:1", "HSET v4:user:1:h name ?",
        "HGET v4:user:1 f");
    assertThat(spans).allSatisfy(RedisSpans::assertRedisSpan);
    assertThat(spans).extracting(s -> s.getStatus().getStatusCode())
        .containsExactly(StatusCode.UNSET, StatusCode.UNSET, StatusCode.UNSET, StatusCode.ERROR);
  }

  @Test
  void pipelineAndTransaction() {
    try (Jedis jedis = new Jedis("127.0.0.1", 6379)) {
      Pipeline pipeline = jedis.pipelined();
      pipeline.set("v4:p:1", "one");
      pipeline.hget("v4:p:1", "oops");
      pipeline.get("v4:p:1");
      pipeline.sync();
      Transaction tx = jedis.multi();
      tx.set("v4:tx:1", "one");
      tx.incr("v4:tx:n");
      tx.exec();
    }
    List<SpanData> spans = commands(7);
    assertThat(statements(spans)).containsExactly("SET v4:p:1 ?", "HGET v4:p:1 oops", "GET v4:p:1",
        "MULTI", "SET v4:tx:1 ?", "INCR v4:tx:n", "EXEC");
    assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }
}
