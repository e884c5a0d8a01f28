package dev.tracer.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** What the OpenTelemetry libraries log never reaches the application's own logging configuration. */
class ExporterLoggingTest {
  @Test
  void aMetricPastItsSeriesLimitIsNoWarningOnTheApplicationsConsole() {
    ExporterLogging.install();
    List<LogRecord> reachedTheApplication = new CopyOnWriteArrayList<>();
    Handler root = new Handler() {
      @Override
      public void publish(LogRecord record) {
        reachedTheApplication.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger.getLogger("").addHandler(root);
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
      LongCounter counter = provider.get("app").counterBuilder("app.requests").build();
      for (int i = 0; i < 2100; i++) {
        counter.add(1, Attributes.of(AttributeKey.stringKey("user"), "u" + i));
      }
      assertThat(reader.collectAllMetrics()).isNotEmpty();
    } finally {
      Logger.getLogger("").removeHandler(root);
    }
    assertThat(reachedTheApplication).extracting(LogRecord::getLoggerName)
        .noneMatch(name -> name != null && name.startsWith("io.opentelemetry"));
  }
}
