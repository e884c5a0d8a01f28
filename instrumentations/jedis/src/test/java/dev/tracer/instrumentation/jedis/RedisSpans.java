package dev.tracer.instrumentation.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.stream.Collectors;

/** Span assertions shared by the Jedis 3, 4 and 5 tests. */
public final class RedisSpans {
  public static final AttributeKey<String> STATEMENT = AttributeKey.stringKey("db.statement");
  public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system");
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation");
  public static final AttributeKey<String> ADDRESS = AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");

  private RedisSpans() {}

  /** Waits for {@code count} command spans, leaving out other spans and the ones Jedis sends by itself when it connects. */
  public static List<SpanData> commands(int count) {
    return withoutHandshake(AgentTesting.waitFor(spans -> withoutHandshake(spans).size() >= count));
  }

  private static List<SpanData> withoutHandshake(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> "redis".equals(s.getAttributes().get(SYSTEM)) && !"CLIENT".equals(s.getAttributes().get(OPERATION))).collect(Collectors.toList());
  }

  public static List<String> statements(List<SpanData> spans) {
    return spans.stream().map(s -> s.getAttributes().get(STATEMENT)).collect(Collectors.toList());
  }

  /** What every Redis span says: CLIENT, redis, the peer on loopback, named by its command. */
  public static void assertRedisSpan(SpanData span) {
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().get(SYSTEM)).isEqualTo("redis");
    assertThat(span.getName()).isEqualTo(span.getAttributes().get(OPERATION));
    assertThat(span.getAttributes().get(ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(span.getAttributes().get(PORT)).isEqualTo(6379L);
  }

  /** The test runs the Jedis major it claims to run (each test module pins one). */
  public static void assertJedisMajor(Class<?> jedisClass, int major) {
    assertThat(jedisClass.getProtectionDomain().getCodeSource().getLocation().toString()).contains("jedis-" + major + ".");
  }
}
