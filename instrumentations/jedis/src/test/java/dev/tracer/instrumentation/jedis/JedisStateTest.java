package dev.tracer.instrumentation.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.api.PipelineStats;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import dev.tracer.testing.Waiting;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * 100,000 pipelined commands (1,000 per round trip) and 2,000 plain ones (a round trip each, so fewer) on one
 * connection: every span ends exactly once, no call stays waiting for a reply, and the connection's queue
 * leaves the store with the connection.
 */
class JedisStateTest {
  static final int PIPELINED = 100_000;
  static final int BATCH = 1_000;
  static final int PLAIN = 2_000;

  @Test
  void everySpanEndsAndNothingStaysParked() {
    TestServices.requireRedis();
    AgentTesting.install();
    PipelineStats stats = AgentTesting.tracing().queue;
    Jedis jedis = new Jedis("127.0.0.1", 6379);
    jedis.set("js:state", "v");
    long before = stats.enqueued() + stats.dropped();
    Span parent = AgentTesting.tracing().tracer.spanBuilder("load").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      for (int sent = 0; sent < PIPELINED; sent += BATCH) {
        Pipeline pipeline = jedis.pipelined();
        for (int i = 0; i < BATCH; i++) {
          pipeline.get("js:state");
        }
        pipeline.sync();
        AgentTesting.reset(); // keep the exported spans from piling up in memory; they are counted below
      }
      for (int i = 0; i < PLAIN; i++) {
        jedis.get("js:state");
      }
      assertThat(PendingCalls.waiting(jedis.getConnection())).isZero();
    } finally {
      parent.end();
      jedis.close();
    }
    long expected = PIPELINED + PLAIN + 1; // and the parent
    Waiting.until(() -> stats.enqueued() + stats.dropped() - before >= expected, 30);
    AgentTesting.flush();
    assertThat(stats.enqueued() + stats.dropped() - before).isEqualTo(expected);
    jedis = null;
    assertThat(Waiting.until(() -> {
      System.gc();
      return PendingCalls.PENDING.size() == 0;
    }, 20)).as("connections still in the store: %s", PendingCalls.PENDING.size()).isTrue();
  }
}
