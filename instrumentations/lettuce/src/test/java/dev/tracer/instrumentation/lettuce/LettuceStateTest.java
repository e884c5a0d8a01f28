package dev.tracer.instrumentation.lettuce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.api.PipelineStats;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import dev.tracer.testing.Waiting;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * 100,000 commands (half async, half reactive, subscribed under a span): every span ends exactly once, and the
 * contexts remembered at subscription and the completions of reactive commands are all taken off again.
 */
class LettuceStateTest {
  static final int COMMANDS = 100_000;
  static final int BATCH = 1_000;

  @Test
  void everySpanEndsAndNothingStaysParked() throws Exception {
    TestServices.requireRedis();
    AgentTesting.install();
    RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      RedisAsyncCommands<String, String> async = connection.async();
      RedisReactiveCommands<String, String> reactive = connection.reactive();
      PipelineStats stats = AgentTesting.tracing().queue;
      long start = stats.enqueued() + stats.dropped();
      async.set("lt:state", "v").get(10, TimeUnit.SECONDS);
      // the span may end just after the future wakes us: count from when it has
      assertThat(Waiting.until(() -> stats.enqueued() + stats.dropped() > start, 10)).isTrue();
      long before = stats.enqueued() + stats.dropped();

      Span parent = AgentTesting.tracing().tracer.spanBuilder("load").startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        for (int sent = 0; sent < COMMANDS / 2; sent += BATCH) {
          RedisFuture<?>[] futures = new RedisFuture<?>[BATCH];
          for (int i = 0; i < BATCH; i++) {
            futures[i] = async.get("lt:state");
          }
          assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(60), futures)).isTrue();
        }
        long read = Flux.range(0, COMMANDS / 2).flatMap(i -> reactive.get("lt:state"), 256).count().block();
        assertThat(read).isEqualTo(COMMANDS / 2);
      } finally {
        parent.end();
      }

      long expected = COMMANDS + 1; // and the parent
      Waiting.until(() -> stats.enqueued() + stats.dropped() - before >= expected, 30);
      AgentTesting.flush();
      assertThat(stats.enqueued() + stats.dropped() - before).isEqualTo(expected);
      assertThat(LettuceCommands.SUBSCRIBED.size()).isZero();
      assertThat(LettuceCommands.IN_FLIGHT.size()).isZero();
    } finally {
      client.shutdown();
    }
  }
}
