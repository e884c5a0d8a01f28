package dev.tracer.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A network exporter is built by its first export, once, off the start-up path; one never used is never built. */
class BuiltOnFirstExportTest {
  @Test
  void builtOnceByTheFirstExportAndNeverForAShutdownAlone() {
    AtomicInteger builds = new AtomicInteger();
    InMemorySpanExporter inner = InMemorySpanExporter.create();
    SpanExporter exporter = BuiltOnFirstExport.spans("test", () -> {
      builds.incrementAndGet();
      return inner;
    });
    assertThat(builds).hasValue(0);
    assertThat(exporter.flush().isSuccess()).isTrue();
    assertThat(builds).as("a flush of nothing builds nothing").hasValue(0);
    assertThat(exporter.export(Collections.emptyList()).isSuccess()).isTrue();
    assertThat(exporter.export(Collections.emptyList()).isSuccess()).isTrue();
    assertThat(builds).hasValue(1);
    exporter.shutdown();
    assertThat(inner.export(Collections.emptyList()).isSuccess()).as("shut down through the wrapper").isFalse();

    SpanExporter unused = BuiltOnFirstExport.spans("unused", () -> {
      builds.incrementAndGet();
      return inner;
    });
    assertThat(unused.shutdown().isSuccess()).isTrue();
    assertThat(builds).hasValue(1);
  }

  @Test
  void aFailedBuildExportsNothingAndIsTriedOnce() {
    AtomicInteger builds = new AtomicInteger();
    SpanExporter exporter = BuiltOnFirstExport.spans("broken", () -> {
      builds.incrementAndGet();
      throw new IllegalStateException("no sender");
    });
    assertThat(exporter.export(Collections.emptyList()).isSuccess()).isFalse();
    assertThat(exporter.export(Collections.emptyList()).isSuccess()).isFalse();
    assertThat(builds).hasValue(1);
    assertThat(exporter.shutdown().isSuccess()).isTrue();
  }
}
