package dev.tracer.instrumentation.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import dev.tracer.testing.TestedVersions;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;

/**
 * Jedis 2.10, below the range (3.0 brought {@code redis.clients.jedis.commands.ProtocolCommand}, the type of the
 * command the instrumentation reads): one "not supported" line, no spans, and the application's commands work
 * as without the agent. Run by the execution {@code below} only.
 */
class JedisBelowRangeTest {
  @Test
  void staysOutOfTheWay() {
    TestServices.requireRedis();
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(Jedis.class);

    try (JedisPool pool = new JedisPool("127.0.0.1", 6379); Jedis jedis = pool.getResource()) {
      jedis.set("below-range", "value");
      assertThat(jedis.get("below-range")).isEqualTo("value");
      Pipeline pipeline = jedis.pipelined();
      pipeline.incr("below-range:n");
      pipeline.get("below-range");
      List<Object> replies = pipeline.syncAndReturnAll();
      assertThat(replies).hasSize(2);
      assertThat(replies.get(1)).isEqualTo("value");
      jedis.del("below-range", "below-range:n");
    }

    assertThat(AgentConsole.notSupported("jedis")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
