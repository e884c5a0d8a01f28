package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue #21, 10: with the b3 or jaeger propagators on, what their specifications reject is no remote parent. */
class PropagatorValidationTest {
  private static final String TRACE = "463ac35c9f6413ad48485a3953bb6124";
  private static final String SPAN = "a2fb4a1d1a96d312";

  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key.toLowerCase(Locale.ROOT));
    }
  };

  private static SpanContext extract(String propagator, String header, String value) {
    TextMapPropagator propagators = Tracing.propagators(List.of(propagator)).getTextMapPropagator();
    Map<String, String> headers = new HashMap<>();
    for (String pair : value.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        headers.put(pair.substring(0, eq).toLowerCase(Locale.ROOT), pair.substring(eq + 1));
      } else {
        headers.put(header, pair);
      }
    }
    return Span.fromContext(propagators.extract(Context.root(), headers, GETTER)).getSpanContext();
  }

  @ParameterizedTest
  @CsvSource({
      "b3, b3, " + TRACE + "-" + SPAN + "-1",
      "b3, b3, " + TRACE + "-" + SPAN + "-1-" + SPAN,
      "b3, b3, 48485a3953bb6124-" + SPAN + "-d",
      "b3, b3, " + TRACE + "-" + SPAN,
      "b3multi, x, X-B3-TraceId=" + TRACE + ";X-B3-SpanId=" + SPAN + ";X-B3-Sampled=1",
      "jaeger, uber-trace-id, " + TRACE + ":" + SPAN + ":0:1",
      "jaeger, uber-trace-id, 5c9f6413ad:" + SPAN + ":0:01",
      "jaeger, uber-trace-id, " + TRACE + "%3A" + SPAN + "%3A0%3A1",
  })
  void wellFormedHeadersGiveTheParent(String propagator, String header, String value) {
    SpanContext parent = extract(propagator, header, value);
    assertThat(parent.isValid()).isTrue();
    assertThat(parent.isRemote()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
      "b3, b3, " + TRACE + "-" + SPAN + "-1-zz",
      "b3, b3, " + TRACE + "-" + SPAN + "-2",
      "b3, b3, " + TRACE + "-" + SPAN + "-1-" + SPAN + "-x",
      "b3, b3, " + TRACE + "0000-" + SPAN + "-1",
      "b3, b3, " + TRACE + "-" + SPAN + "00-1",
      "b3multi, x, X-B3-TraceId=" + TRACE + ";X-B3-SpanId=" + SPAN + ";X-B3-Sampled=yes",
      "b3multi, x, X-B3-TraceId=" + TRACE + ";X-B3-SpanId=" + SPAN + ";X-B3-ParentSpanId=zz",
      "jaeger, uber-trace-id, " + TRACE + ":" + SPAN + ":0:1:5",
      "jaeger, uber-trace-id, " + TRACE + ":" + SPAN + ":0:zz",
      "jaeger, uber-trace-id, " + TRACE + ":" + SPAN + ":0:100",
      "jaeger, uber-trace-id, " + TRACE + ":" + SPAN + "ff:0:1",
      "jaeger, uber-trace-id, " + TRACE + ":" + SPAN + ":x:1",
  })
  void malformedHeadersGiveNoParent(String propagator, String header, String value) {
    assertThat(extract(propagator, header, value).isValid()).isFalse();
  }
}
