package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Issue #21, 7: malformed baggage from outside clients must not flood the application's log. */
class HostileHeadersLoggingTest {
  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  @Test
  void hundredHostileBaggageHeadersGiveAtMostOneLine() {
    ContextPropagators propagators = Tracing.propagators(List.of("tracecontext", "baggage"));
    List<String> appLog = new ArrayList<>();
    Handler application = new Handler() {
      @Override
      public void publish(LogRecord record) {
        appLog.add(record.getLoggerName() + ": " + record.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger.getLogger("").addHandler(application);
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      for (int i = 0; i < 100; i++) {
        Context context = propagators.getTextMapPropagator().extract(Context.root(),
            Map.of("baggage", "a=%zz,b" + i + "=%g" + i), GETTER);
        assertThat(Baggage.fromContext(context).getEntryValue("a")).isNull();
      }
    } finally {
      System.setErr(originalErr);
      Logger.getLogger("").removeHandler(application);
    }
    assertThat(appLog).as("records reaching the application's java.util.logging handlers").isEmpty();
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().collect(java.util.stream.Collectors.toList());
    assertThat(lines).as("printed to the application's stderr").hasSizeLessThanOrEqualTo(1);
    assertThat(lines).allMatch(line -> line.startsWith("[tracer] WARN"));
  }
}
