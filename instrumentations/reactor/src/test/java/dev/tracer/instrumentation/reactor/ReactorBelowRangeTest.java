package dev.tracer.instrumentation.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * reactor-core 3.3, below the range (3.4 is the oldest claimed): one "not supported" line, no hooks registered
 * (the context is not carried to other schedulers' threads), and chains give the same results as without the
 * agent. Run by the execution {@code below} only.
 */
class ReactorBelowRangeTest {
  @Test
  void staysOutOfTheWay() {
    AgentConsole.record();
    AgentTesting.install(); // before any Reactor class is initialized, as under -javaagent
    TestedVersions.assertLoaded(Flux.class);

    Queue<String> seen = new ConcurrentLinkedQueue<>();
    Span request = AgentTesting.tracing().tracer.spanBuilder("request").startSpan();
    List<Integer> result;
    try (Scope ignored = request.makeCurrent()) {
      result = Flux.range(1, 5)
          .subscribeOn(Schedulers.boundedElastic())
          .publishOn(Schedulers.parallel())
          .map(i -> {
            seen.add(Span.current().getSpanContext().getSpanId());
            return i * 2;
          })
          .flatMap(i -> Mono.fromCallable(() -> i + 1).subscribeOn(Schedulers.boundedElastic()))
          .delayElements(Duration.ofMillis(1))
          .collectSortedList()
          .block(Duration.ofSeconds(10));
    } finally {
      request.end();
    }

    assertThat(result).isEqualTo(Arrays.asList(3, 5, 7, 9, 11));
    assertThat(seen).hasSize(5).allMatch(spanId -> !spanId.equals(request.getSpanContext().getSpanId()));
    assertThat(AgentConsole.notSupported("reactor")).hasSize(1);
    assertThat(AgentTesting.exported().stream().map(SpanData::getName).collect(Collectors.toList()))
        .containsExactly("request");
  }
}
