package dev.tracer.agent.handler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisSanitizerTest {

  @Test
  void keepsTheKeyAndMasksValues() {
    assertThat(RedisSanitizer.sanitize("SET user:1 secret")).isEqualTo("SET user:1 ?");
    assertThat(RedisSanitizer.sanitize("SET user:1 secret EX 10")).isEqualTo("SET user:1 ? ? ?");
    assertThat(RedisSanitizer.sanitize("LPUSH queue a b c")).isEqualTo("LPUSH queue ? ? ?");
    assertThat(RedisSanitizer.sanitize("SETEX session 60 token")).isEqualTo("SETEX session 60 ?");
    assertThat(RedisSanitizer.sanitize("PUBLISH news \"hello world\"")).isEqualTo("PUBLISH news ?");
  }

  @Test
  void keepsCommandsWithoutData() {
    assertThat(RedisSanitizer.sanitize("GET user:1")).isEqualTo("GET user:1");
    assertThat(RedisSanitizer.sanitize("HGET user:1 name")).isEqualTo("HGET user:1 name");
    assertThat(RedisSanitizer.sanitize("EXPIRE user:1 60")).isEqualTo("EXPIRE user:1 60");
    assertThat(RedisSanitizer.sanitize("MULTI")).isEqualTo("MULTI");
    assertThat(RedisSanitizer.sanitize("get user:1")).isEqualTo("get user:1");
  }

  @Test
  void pairsKeepKeysAndFieldNames() {
    assertThat(RedisSanitizer.sanitize("MSET a 1 b 2")).isEqualTo("MSET a ? b ?");
    assertThat(RedisSanitizer.sanitize("HSET user:1 name Ann age 42")).isEqualTo("HSET user:1 name ? age ?");
    assertThat(RedisSanitizer.sanitize("HMSET h f v")).isEqualTo("HMSET h f ?");
  }

  @Test
  void secretsAndUnknownCommandsAreMasked() {
    assertThat(RedisSanitizer.sanitize("AUTH hunter2")).isEqualTo("AUTH ?");
    assertThat(RedisSanitizer.sanitize("AUTH user hunter2")).isEqualTo("AUTH ? ?");
    assertThat(RedisSanitizer.sanitize("HELLO 3 AUTH user pw")).isEqualTo("HELLO 3 ? ? ?");
    assertThat(RedisSanitizer.sanitize("JSON.SET doc $ {}")).isEqualTo("JSON.SET ? ? ?");
  }

  @Test
  void scriptsKeepTheirKeysOnly() {
    assertThat(RedisSanitizer.sanitize("EVAL \"return redis.call('get', KEYS[1])\" 1 k1 arg"))
        .isEqualTo("EVAL ? 1 k1 ?");
    // issue #21, 9: a script's literals are data
    assertThat(RedisSanitizer.sanitize("EVAL \"return redis.call('set', KEYS[1], 'api-key-123')\" 1 k1"))
        .isEqualTo("EVAL ? 1 k1");
    assertThat(RedisSanitizer.sanitize("EVALSHA abc 0 x y")).isEqualTo("EVALSHA abc 0 ? ?");
  }

  @Test
  void quotedArgumentsAreOneToken() {
    assertThat(RedisSanitizer.tokens("SET \"a b\" \"x \\\" y\" \"\"")).containsExactly("SET", "\"a b\"", "\"x \\\" y\"", "\"\"");
    assertThat(RedisSanitizer.sanitize("SET \"my key\" \"two words\"")).isEqualTo("SET \"my key\" ?");
  }
}
