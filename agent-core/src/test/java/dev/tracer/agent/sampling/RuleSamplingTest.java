package dev.tracer.agent.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.agent.Config;
import dev.tracer.agent.Tracing;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code TRACER_SAMPLER_RULES} in the SDK as the agent configures it. */
class RuleSamplingTest {
  static final String RULES = "/health=0,/actuator/**=0,/api/checkout/**=1,/api/search/**=0.01,/api/half/**=0.5";
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private Tracing tracing;

  @AfterEach
  void shutdown() {
    if (tracing != null) {
      tracing.shutdown();
    }
  }

  private Tracer install(String sampler, String arg) {
    Map<String, String> props = new HashMap<>();
    props.put("tracer.sampler.rules", RULES);
    props.put("tracer.sampler", sampler);
    props.put("tracer.sampler.arg", arg);
    props.put("tracer.queue.capacity", "65536");
    props.put("tracer.flush.interval", "50ms");
    tracing = Tracing.create(new Config(new HashMap<>(), props), exporter, Collections.emptyList());
    return tracing.tracer;
  }

  private List<SpanData> exported() {
    tracing.queue.forceFlush().join(10, TimeUnit.SECONDS);
    return exporter.getFinishedSpanItems();
  }

  private static Span server(Tracer tracer, String path, Context parent) {
    return tracer.spanBuilder("GET").setSpanKind(SpanKind.SERVER).setParent(parent)
        .setAttribute("url.path", path).startSpan();
  }

  /** A request: the SERVER span, a child, and the child's outgoing context. */
  private static SpanContext request(Tracer tracer, String path, boolean fail) {
    Span root = server(tracer, path, Context.root());
    SpanContext downstream;
    try (Scope ignored = root.makeCurrent()) {
      Span client = tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).startSpan();
      downstream = client.getSpanContext();
      if (fail) {
        client.setStatus(StatusCode.ERROR);
        root.setStatus(StatusCode.ERROR);
      }
      client.end();
    } finally {
      root.end();
    }
    return downstream;
  }

  @Test
  void ratiosHoldOverTenThousandRequestsPerRule() {
    Sampler sampler = new RuleSampler(SamplerRules.parse(RULES, new ArrayList<>()), Sampler.alwaysOn(),
        Sampler::traceIdRatioBased);
    Random random = new Random(7);
    int n = 10_000;
    assertThat(sampled(sampler, "/api/checkout/pay", n, random)).isEqualTo(n);
    assertThat(sampled(sampler, "/health", n, random)).isZero();
    assertThat(sampled(sampler, "/actuator/prometheus", n, random)).isZero();
    // binomial: mean n*p, sigma sqrt(n*p*(1-p)); the bounds are 5 sigma
    assertThat(sampled(sampler, "/api/search/q", n, random)).isBetween(50, 150);
    assertThat(sampled(sampler, "/api/half/x", n, random)).isBetween(4750, 5250);
    assertThat(sampled(sampler, "/other", n, random)).isEqualTo(n); // no rule: the configured sampler
  }

  private static int sampled(Sampler sampler, String path, int n, Random random) {
    Attributes attributes = Attributes.builder().put("url.path", path).build();
    int count = 0;
    for (int i = 0; i < n; i++) {
      String traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
      SamplingDecision decision = sampler.shouldSample(Context.root(), traceId, "GET", SpanKind.SERVER, attributes,
          Collections.emptyList()).getDecision();
      if (decision == SamplingDecision.RECORD_AND_SAMPLE) {
        count++;
      }
    }
    return count;
  }

  @Test
  void excludedRequestsExportNothingAndTellDownstreamNotSampled() {
    Tracer tracer = install("parentbased_always_on", "1.0");
    for (int i = 0; i < 100; i++) {
      SpanContext downstream = request(tracer, i % 2 == 0 ? "/health" : "/actuator/health", true);
      assertThat(downstream.isValid()).isTrue();
      assertThat(downstream.isSampled()).isFalse();
    }
    request(tracer, "/api/checkout/pay", false);
    assertThat(exported()).extracting(SpanData::getKind).containsExactlyInAnyOrder(SpanKind.SERVER, SpanKind.CLIENT);
    assertThat(tracing.queue.stats().toString()).contains("enqueued=2 "); // the excluded requests queued nothing
  }

  @Test
  void rulesApplyOnlyToSpansThatStartATraceAsServer() {
    Tracer tracer = install("parentbased_always_on", "1.0");
    // a caller's sampled trace continues, whatever the path
    SpanContext remote = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
        TraceFlags.getSampled(), TraceState.getDefault());
    server(tracer, "/health", Context.root().with(Span.wrap(remote))).end();
    // a CLIENT span with a url.path is not a request received
    tracer.spanBuilder("GET").setSpanKind(SpanKind.CLIENT).setAttribute("url.path", "/health").startSpan().end();
    assertThat(exported()).hasSize(2);
  }

  @Test
  void withErrorKeepingTheRuleRatioReplacesTheArgErrorsAreKeptButNotForExcludedPaths() {
    Tracer tracer = install("parentbased_errorkeeping", "1.0");
    for (int i = 0; i < 50; i++) {
      request(tracer, "/health", true); // excluded means excluded, errors too
      request(tracer, "/api/search/q", true); // ratio 0.01, but errors are kept
    }
    List<SpanData> spans = exported();
    assertThat(spans).hasSize(100);
    assertThat(spans).allMatch(s -> s.getKind() == SpanKind.CLIENT || "/api/search/q".equals(
        s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("url.path"))));
    exporter.reset();
    int sampledAtOnce = 0;
    for (int i = 0; i < 1000; i++) {
      if (request(tracer, "/api/search/q", false).isSampled()) {
        sampledAtOnce++;
      }
    }
    // error-free: only the rule's 1 % (not TRACER_SAMPLER_ARG=1.0), 5 sigma
    assertThat(sampledAtOnce).isBetween(0, 26);
    assertThat(exported()).hasSize(2 * sampledAtOnce);
  }
}
