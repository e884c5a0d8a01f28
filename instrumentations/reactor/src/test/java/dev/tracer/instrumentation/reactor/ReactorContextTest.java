package dev.tracer.instrumentation.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Real Reactor chains on Reactor's own schedulers; the JDK executors are not instrumented in this JVM. */
class ReactorContextTest {
  /** The span id current in a callback, and the thread it ran on. */
  static final class Seen {
    final String spanId = Span.current().getSpanContext().getSpanId();
    final String thread = Thread.currentThread().getName();
  }

  @BeforeAll
  static void install() {
    AgentTesting.install(); // before any Reactor class is initialized, as under -javaagent
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static Tracer tracer() {
    return AgentTesting.tracing().tracer;
  }

  @Test
  void subscriptionContextIsCurrentInEveryCallbackOnEveryScheduler() throws Exception {
    Queue<Seen> seen = new ConcurrentLinkedQueue<>();
    Mono<List<Integer>> chain = Flux.range(1, 20)
        .subscribeOn(Schedulers.boundedElastic())
        .doOnNext(i -> seen.add(new Seen()))
        .publishOn(Schedulers.parallel())
        .map(i -> {
          seen.add(new Seen());
          return i * 2;
        })
        .flatMap(i -> Mono.fromCallable(() -> {
          seen.add(new Seen());
          tracer().spanBuilder("work").startSpan().end(); // a span made inside: a child of the request
          return i;
        }).subscribeOn(Schedulers.boundedElastic()))
        .parallel(4).runOn(Schedulers.parallel())
        .map(i -> {
          seen.add(new Seen());
          return i;
        })
        .sequential()
        .delayElements(Duration.ofMillis(1))
        .doOnNext(i -> seen.add(new Seen()))
        .collectList();

    Span request = tracer().spanBuilder("request").startSpan();
    CountDownLatch done = new CountDownLatch(1);
    List<Seen> atEnd = new ArrayList<>();
    try (Scope ignored = request.makeCurrent()) {
      chain.subscribe(list -> atEnd.add(new Seen()), error -> done.countDown(), done::countDown);
    }
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    request.end();

    String requestId = request.getSpanContext().getSpanId();
    assertThat(seen).hasSize(20 * 5);
    assertThat(seen).allSatisfy(s -> assertThat(s.spanId).as("span current on " + s.thread).isEqualTo(requestId));
    assertThat(atEnd).singleElement().satisfies(s -> assertThat(s.spanId).isEqualTo(requestId));
    assertThat(seen.stream().map(s -> s.thread.replaceAll("-\\d+$", "")).distinct())
        .contains("boundedElastic", "parallel");

    List<SpanData> work = AgentTesting.spans(21).stream().filter(s -> s.getName().equals("work"))
        .collect(Collectors.toList());
    assertThat(work).hasSize(20).allSatisfy(s -> {
      assertThat(s.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
      assertThat(s.getParentSpanId()).isEqualTo(requestId);
    });
  }

  /**
   * Signals from a thread Reactor did not schedule (a callback API bridged with {@code Flux.create}, a future
   * completed by a client library): each subscriber's callbacks see that subscriber's context.
   */
  @Test
  void signalsFromAForeignThreadCarryEachSubscribersContext() throws Exception {
    Flux<Seen> bridged = Flux.<Integer>create(emitter -> new Thread(() -> {
      for (int i = 0; i < 5; i++) {
        emitter.next(i);
      }
      emitter.complete();
    }, "foreign").start()).map(i -> new Seen());
    CompletableFuture<String> future = new CompletableFuture<>();
    Mono<Seen> completed = Mono.fromFuture(future).map(value -> new Seen());
    Queue<Seen> first = new ConcurrentLinkedQueue<>();
    Queue<Seen> second = new ConcurrentLinkedQueue<>();
    Span one = tracer().spanBuilder("one").startSpan();
    Span two = tracer().spanBuilder("two").startSpan();
    CountDownLatch done = new CountDownLatch(3);
    try (Scope ignored = one.makeCurrent()) {
      bridged.doFinally(s -> done.countDown()).subscribe(first::add);
      completed.doFinally(s -> done.countDown()).subscribe(first::add);
    }
    try (Scope ignored = two.makeCurrent()) {
      bridged.filter(s -> true).doFinally(s -> done.countDown()).subscribe(second::add);
    }
    Thread foreign = new Thread(() -> future.complete("value"), "foreign");
    foreign.start();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    one.end();
    two.end();
    assertThat(first).hasSize(6).allSatisfy(s -> {
      assertThat(s.thread).isEqualTo("foreign");
      assertThat(s.spanId).isEqualTo(one.getSpanContext().getSpanId());
    });
    assertThat(second).hasSize(5).allSatisfy(s -> assertThat(s.spanId).isEqualTo(two.getSpanContext().getSpanId()));
  }

  @Test
  void theContextOfSubscriptionWinsOverTheContextOfAssembly() {
    Span assembly = tracer().spanBuilder("assembly").startSpan();
    Mono<Seen> mono;
    try (Scope ignored = assembly.makeCurrent()) {
      mono = Mono.delay(Duration.ofMillis(1)).map(tick -> new Seen());
    }
    assembly.end();
    Span subscription = tracer().spanBuilder("subscription").startSpan();
    Seen seen;
    try (Scope ignored = subscription.makeCurrent()) {
      seen = mono.block(Duration.ofSeconds(10));
    }
    subscription.end();
    assertThat(seen.thread).startsWith("parallel-");
    assertThat(seen.spanId).isEqualTo(subscription.getSpanContext().getSpanId());
  }

  @Test
  void errorSignalsCarryTheContextToo() {
    Span request = tracer().spanBuilder("request").startSpan();
    Seen seen;
    try (Scope ignored = request.makeCurrent()) {
      seen = Mono.fromCallable(() -> {
        throw new IllegalStateException("boom");
      }).subscribeOn(Schedulers.boundedElastic())
          .publishOn(Schedulers.parallel())
          .map(x -> new Seen())
          .onErrorResume(e -> Mono.fromSupplier(Seen::new))
          .block(Duration.ofSeconds(10));
    }
    request.end();
    assertThat(seen.thread).startsWith("parallel-");
    assertThat(seen.spanId).isEqualTo(request.getSpanContext().getSpanId());
  }

  @Test
  void concurrentChainsNeverSeeEachOthersContextAndNothingLeaksIntoTheSchedulers() throws Exception {
    int chains = 50;
    Map<Integer, Queue<Seen>> seen = new java.util.concurrent.ConcurrentHashMap<>();
    Map<Integer, String> expected = new java.util.concurrent.ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(chains);
    for (int c = 0; c < chains; c++) {
      int chain = c;
      Queue<Seen> mine = new ConcurrentLinkedQueue<>();
      seen.put(chain, mine);
      Span request = tracer().spanBuilder("request-" + chain).startSpan();
      expected.put(chain, request.getSpanContext().getSpanId());
      try (Scope ignored = request.makeCurrent()) {
        Flux.range(0, 10)
            .publishOn(Schedulers.parallel())
            .doOnNext(i -> mine.add(new Seen()))
            .flatMap(i -> Mono.delay(Duration.ofMillis(i % 3)).map(t -> new Seen()))
            .doOnNext(mine::add)
            .subscribeOn(Schedulers.boundedElastic())
            .doFinally(signal -> done.countDown())
            .subscribe();
      }
      request.end();
    }
    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
    for (int c = 0; c < chains; c++) {
      String mine = expected.get(c);
      assertThat(seen.get(c)).hasSize(20).allSatisfy(s -> assertThat(s.spanId).isEqualTo(mine));
    }

    // the same threads, afterwards and for a chain subscribed without a context: nothing is current
    List<Seen> untraced = Flux.range(0, 8)
        .flatMap(i -> Mono.fromSupplier(Seen::new).subscribeOn(i % 2 == 0 ? Schedulers.parallel() : Schedulers.boundedElastic()))
        .collectList()
        .block(Duration.ofSeconds(10));
    assertThat(untraced).hasSize(8).allSatisfy(s -> assertThat(Span.current().getSpanContext().isValid()).isFalse())
        .allSatisfy(s -> assertThat(s.spanId).isEqualTo(Span.getInvalid().getSpanContext().getSpanId()));
    Seen onWorker = Mono.fromSupplier(Seen::new).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(10));
    assertThat(onWorker.spanId).isEqualTo(Span.getInvalid().getSpanContext().getSpanId());
  }

  @Test
  void theHooksComeBackAfterTheApplicationResetsThem() {
    Hooks.resetOnEachOperator();
    Schedulers.resetOnScheduleHooks();
    Span request = tracer().spanBuilder("request").startSpan();
    Seen seen;
    try (Scope ignored = request.makeCurrent()) {
      seen = Mono.fromSupplier(Seen::new).subscribeOn(Schedulers.boundedElastic()).block(Duration.ofSeconds(10));
    }
    request.end();
    assertThat(seen.spanId).isEqualTo(request.getSpanContext().getSpanId());
  }

  @Test
  void testedVersion() {
    TestedVersions.assertLoaded(Flux.class);
  }
}
