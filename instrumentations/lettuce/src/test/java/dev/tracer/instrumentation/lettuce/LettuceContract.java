package dev.tracer.instrumentation.lettuce;

import static dev.tracer.instrumentation.jedis.RedisSpans.commands;
import static dev.tracer.instrumentation.jedis.RedisSpans.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.instrumentation.jedis.RedisSpans;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestServices;
import dev.tracer.testing.TestedVersions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Lettuce against the real Redis, sync, async and reactive: one CLIENT span per command, parented to the span
 * current when the command was called (subscribed to, for reactive), ended when the command completes. Each
 * Lettuce version's test module runs it ({@code Lettuce7Test} here, {@code Lettuce5Test} in lettuce-5-tests).
 */
public abstract class LettuceContract {
  static RedisClient client;
  static StatefulRedisConnection<String, String> connection;
  static RedisCommands<String, String> sync;
  static RedisAsyncCommands<String, String> async;
  static RedisReactiveCommands<String, String> reactive;

  @BeforeAll
  static void setUp() {
    TestServices.requireRedis();
    AgentTesting.install();
    TestedVersions.assertLoaded(RedisClient.class);
    client = RedisClient.create("redis://127.0.0.1:6379");
    connection = client.connect();
    sync = connection.sync();
    async = connection.async();
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

  static Span parentSpan() {
    return AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
  }

  /** The command spans in the order the commands were sent (replies in a transaction end them out of order). */
  static List<SpanData> inOrder(List<SpanData> spans) {
    List<SpanData> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    return sorted;
  }

  static void assertChildrenOf(Span parent, List<SpanData> spans) {
    assertThat(spans).allSatisfy(span -> {
      RedisSpans.assertRedisSpan(span);
      assertThat(span.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
      assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    });
  }

  @Test
  void syncCommandsAreClientSpansWithSanitizedStatements() {
    Span parent = parentSpan();
    try (Scope ignored = parent.makeCurrent()) {
      sync.set("lt:user:1", "secret value");
      assertThat(sync.get("lt:user:1")).isEqualTo("secret value");
      sync.hset("lt:user:1:h", "name", "Ann");
    } finally {
      parent.end();
    }
    List<SpanData> spans = commands(3);
    assertThat(spans).extracting(SpanData::getName).containsExactly("SET", "GET", "HSET");
    assertThat(statements(spans)).containsExactly("SET lt:user:1 ?", "GET lt:user:1", "HSET lt:user:1:h name ?");
    assertChildrenOf(parent, spans);
    assertThat(spans).allSatisfy(span -> assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET));
  }

  @Test
  void errorReplyMarksTheSpan() {
    sync.set("lt:plain", "v");
    assertThatThrownBy(() -> sync.hget("lt:plain", "f")).isInstanceOf(RedisCommandExecutionException.class)
        .hasMessageContaining("WRONGTYPE");
    assertThatThrownBy(() -> reactive.hget("lt:plain", "f").block()).isInstanceOf(RedisCommandExecutionException.class);
    List<SpanData> spans = commands(3);
    assertThat(spans).extracting(SpanData::getName).containsExactly("SET", "HGET", "HGET");
    assertThat(spans).extracting(s -> s.getStatus().getStatusCode())
        .containsExactly(StatusCode.UNSET, StatusCode.ERROR, StatusCode.ERROR);
    assertThat(spans.get(1).getEvents()).extracting(e -> e.getName()).contains("exception");
    assertThat(spans.get(2).getEvents()).extracting(e -> e.getName()).contains("exception");
  }

  @Test
  void largeValuesAreCutNotCopied() {
    char[] big = new char[20_000];
    Arrays.fill(big, 'x');
    sync.set("lt:big", new String(big));
    List<SpanData> spans = commands(1);
    assertThat(statements(spans)).containsExactly("SET lt:big ?");
  }

  /**
   * A codec that hands out the application's own ByteBuffer: reading the arguments for the span must leave it
   * unread, or Redis would get an empty value.
   */
  @Test
  void codecBuffersReachRedisUnread() {
    RedisCodec<String, ByteBuffer> sameBuffer = new RedisCodec<String, ByteBuffer>() {
      @Override
      public String decodeKey(ByteBuffer bytes) {
        return StandardCharsets.UTF_8.decode(bytes).toString();
      }

      @Override
      public ByteBuffer decodeValue(ByteBuffer bytes) {
        return bytes;
      }

      @Override
      public ByteBuffer encodeKey(String key) {
        return StandardCharsets.UTF_8.encode(key);
      }

      @Override
      public ByteBuffer encodeValue(ByteBuffer value) {
        return value; // the same buffer each time: whoever reads it moves its position
      }
    };
    try (StatefulRedisConnection<String, ByteBuffer> buffers = client.connect(sameBuffer)) {
      buffers.sync().set("lt:buffer", ByteBuffer.wrap("whole value".getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(sync.get("lt:buffer")).isEqualTo("whole value");
    assertThat(statements(commands(2))).containsExactly("SET lt:buffer ?", "GET lt:buffer");
  }

  /** A blocking pop's span stays open until the push that answers it: it ends with the future, not the call. */
  @Test
  void asyncSpanEndsWhenItsFutureCompletes() throws Exception {
    sync.del("lt:queue");
    commands(1); // the reply wakes this thread before the span ends on Lettuce's: wait for it, then forget it
    AgentTesting.reset();
    StatefulRedisConnection<String, String> other = client.connect();
    try {
      Span parent = parentSpan();
      RedisFuture<?> popped;
      try (Scope ignored = parent.makeCurrent()) {
        popped = async.blpop(10, "lt:queue");
      } finally {
        parent.end();
      }
      assertThat(AgentTesting.waitFor(s -> s.size() >= 1)).extracting(SpanData::getName).containsExactly("request");
      assertThat(popped.isDone()).isFalse();
      other.sync().lpush("lt:queue", "job");
      assertThat(popped.get(10, TimeUnit.SECONDS)).isNotNull();
      List<SpanData> spans = commands(2);
      SpanData blpop = spans.stream().filter(s -> s.getName().equals("BLPOP")).findFirst().orElseThrow(AssertionError::new);
      SpanData lpush = spans.stream().filter(s -> s.getName().equals("LPUSH")).findFirst().orElseThrow(AssertionError::new);
      assertThat(blpop.getEndEpochNanos()).isGreaterThan(lpush.getStartEpochNanos());
      assertThat(blpop.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
      assertThat(lpush.getParentSpanContext().isValid()).isFalse();
    } finally {
      other.close();
    }
  }

  @Test
  void asyncErrorEndsTheSpanWithTheError() {
    sync.set("lt:plain", "v");
    RedisFuture<String> failed = async.hget("lt:plain", "f");
    assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(RedisCommandExecutionException.class);
    List<SpanData> spans = commands(2);
    assertThat(spans.get(1).getName()).isEqualTo("HGET");
    assertThat(spans.get(1).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  /** A Mono made outside any span makes no span until it is subscribed to, then one per subscription. */
  @Test
  void reactiveSpanStartsAtSubscriptionUnderTheSpanCurrentThen() {
    Mono<String> set = reactive.set("lt:r:1", "v");
    Mono<String> get = reactive.get("lt:r:1");
    assertThat(AgentTesting.waitFor(s -> true)).isEmpty();
    Span parent = parentSpan();
    try (Scope ignored = parent.makeCurrent()) {
      set.block();
      assertThat(get.block()).isEqualTo("v");
      assertThat(get.block()).isEqualTo("v");
    } finally {
      parent.end();
    }
    List<SpanData> spans = commands(3);
    assertThat(statements(spans)).containsExactly("SET lt:r:1 ?", "GET lt:r:1", "GET lt:r:1");
    assertChildrenOf(parent, spans);
  }

  /**
   * The command is sent at the subscriber's first request; when that comes later on another thread (a server
   * writing a response as the client reads it), the span still belongs to the trace it was subscribed in.
   */
  @Test
  void reactiveSpanKeepsTheSubscriptionsParentWhenRequestedOnAnotherThread() throws Exception {
    AtomicReference<Subscription> subscription = new AtomicReference<>();
    AtomicReference<Object> received = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Span parent = parentSpan();
    try (Scope ignored = parent.makeCurrent()) {
      reactive.incr("lt:r:n").subscribe(new Subscriber<Long>() {
        @Override
        public void onSubscribe(Subscription s) {
          subscription.set(s); // no request yet
        }

        @Override
        public void onNext(Long value) {
          received.set(value);
        }

        @Override
        public void onError(Throwable t) {
          received.set(t);
          done.countDown();
        }

        @Override
        public void onComplete() {
          done.countDown();
        }
      });
    } finally {
      parent.end();
    }
    Thread requester = new Thread(() -> subscription.get().request(1));
    requester.start();
    requester.join();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(received.get()).isInstanceOf(Long.class);
    List<SpanData> spans = commands(1);
    assertThat(statements(spans)).containsExactly("INCR lt:r:n");
    assertChildrenOf(parent, spans);
  }

  /**
   * A subscription disposed of before the reply ends its span then, without error (Lettuce cancels the command, so
   * no reply would ever end it): before the push that answers the pop.
   */
  @Test
  void cancelledSubscriptionEndsItsSpan() {
    sync.del("lt:cancel");
    commands(1); // as above: the DEL span may end after this thread has its reply
    StatefulRedisConnection<String, String> other = client.connect();
    try {
      AgentTesting.reset();
      Disposable waiting = other.reactive().blpop(5, "lt:cancel").subscribe();
      waiting.dispose();
      sync.lpush("lt:cancel", "answer");
      List<SpanData> spans = commands(2);
      assertThat(spans).extracting(SpanData::getName).containsExactly("BLPOP", "LPUSH");
      assertThat(spans.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
      assertThat(spans.get(0).getEndEpochNanos()).isLessThanOrEqualTo(spans.get(1).getStartEpochNanos());
    } finally {
      other.close();
    }
  }

  /** Auto-flush off: commands queue in the client and go out together; each has its span, ended by its reply. */
  @Test
  void pipelinedCommandsHaveOneSpanEach() throws Exception {
    StatefulRedisConnection<String, String> pipelined = client.connect();
    try {
      AgentTesting.reset();
      pipelined.setAutoFlushCommands(false);
      RedisAsyncCommands<String, String> commands = pipelined.async();
      Span parent = parentSpan();
      List<RedisFuture<?>> futures = new ArrayList<>();
      try (Scope ignored = parent.makeCurrent()) {
        futures.add(commands.set("lt:p:1", "one"));
        futures.add(commands.hget("lt:p:1", "oops"));
        futures.add(commands.get("lt:p:1"));
      } finally {
        parent.end();
      }
      assertThat(futures).noneMatch(RedisFuture::isDone);
      pipelined.flushCommands();
      for (RedisFuture<?> future : futures) {
        future.await(10, TimeUnit.SECONDS);
      }
      List<SpanData> spans = inOrder(commands(3));
      assertThat(statements(spans)).containsExactly("SET lt:p:1 ?", "HGET lt:p:1 oops", "GET lt:p:1");
      assertThat(spans).extracting(s -> s.getStatus().getStatusCode())
          .containsExactly(StatusCode.UNSET, StatusCode.ERROR, StatusCode.UNSET);
      assertChildrenOf(parent, spans);
    } finally {
      pipelined.close();
    }
  }

  /** The commands of a transaction are answered by EXEC, which is when their spans end. */
  @Test
  void transactionCommandsEndAtExec() {
    sync.multi();
    sync.set("lt:tx:1", "one");
    sync.incr("lt:tx:n");
    assertThat(sync.exec().wasDiscarded()).isFalse();
    List<SpanData> spans = inOrder(commands(4));
    assertThat(statements(spans)).containsExactly("MULTI", "SET lt:tx:1 ?", "INCR lt:tx:n", "EXEC");
    SpanData exec = spans.get(3);
    assertThat(spans.subList(1, 3)).allSatisfy(span -> {
      assertThat(span.getEndEpochNanos()).isGreaterThan(exec.getStartEpochNanos());
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    });
    assertThat(spans.stream().map(SpanData::getName).collect(Collectors.toList())).doesNotContain("CLIENT");
  }
}
