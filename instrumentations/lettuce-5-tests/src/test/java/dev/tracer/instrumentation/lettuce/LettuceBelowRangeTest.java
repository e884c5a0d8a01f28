package dev.tracer.instrumentation.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import dev.tracer.testing.TestedVersions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

/**
 * Lettuce 5.0, below the range (5.1 brought the API the instrumentation needs): one "not supported" line, no
 * spans, and the application's commands work as without the agent. Run by the execution {@code below} only.
 */
class LettuceBelowRangeTest {
  @Test
  void staysOutOfTheWay() {
    TestServices.requireRedis();
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(RedisClient.class);

    RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisCommands<String, String> redis = connection.sync();
      redis.set("below-range", "value");
      assertThat(redis.get("below-range")).isEqualTo("value");
      assertThat(connection.async().get("below-range").toCompletableFuture().join()).isEqualTo("value");
      redis.del("below-range");
    } finally {
      client.shutdown();
    }

    assertThat(AgentConsole.notSupported("lettuce")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
