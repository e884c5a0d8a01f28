package dev.tracer.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LoggingSpanExporterTest {
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  static final String OTHER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final long T0 = 1_700_000_000_000_000_000L;
  static final long MS = 1_000_000L;

  private static SpanContext context(String trace, String span) {
    return SpanContext.create(trace, span, TraceFlags.getSampled(), TraceState.getDefault());
  }

  private static SpanData span(String trace, String id, String parent, SpanKind kind, String name, long startMs, long endMs) {
    return TestSpanData.builder()
        .setSpanContext(context(trace, id))
        .setParentSpanContext(parent == null ? SpanContext.getInvalid() : context(trace, parent))
        .setKind(kind)
        .setName(name)
        .setStartEpochNanos(T0 + startMs * MS)
        .setEndEpochNanos(T0 + endMs * MS)
        .setHasEnded(true)
        .setStatus(StatusData.unset())
        .setAttributes(Attributes.of(AttributeKey.stringKey("db.system"), "h2"))
        .build();
  }

  private static List<String> print(SpanData... spans) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new LoggingSpanExporter(new PrintStream(bytes, true, StandardCharsets.UTF_8)).export(Arrays.asList(spans));
    return bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
  }

  @Test
  void printsEachTraceAsATreeWithDurationsAndBars() {
    SpanData root = span(TRACE, "00000000000000a1", null, SpanKind.SERVER, "GET /orders", 0, 100);
    SpanData first = span(TRACE, "00000000000000b1", "00000000000000a1", SpanKind.CLIENT, "SELECT a", 10, 30);
    SpanData second = span(TRACE, "00000000000000b2", "00000000000000a1", SpanKind.INTERNAL, "render", 50, 100);
    SpanData grandchild = TestSpanData.builder().setSpanContext(context(TRACE, "00000000000000c1"))
        .setParentSpanContext(context(TRACE, "00000000000000b2")).setKind(SpanKind.CLIENT).setName("SELECT b")
        .setStartEpochNanos(T0 + 50 * MS).setEndEpochNanos(T0 + 75 * MS).setHasEnded(true)
        .setStatus(StatusData.error()).build();
    // the batch order is the order spans ended: children first
    List<String> lines = print(grandchild, first, second, root);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).isEqualTo("[tracer] trace " + TRACE + ": 4 spans, 100.000ms");
    assertThat(lines.get(1)).startsWith("[tracer] span SERVER 'GET /orders'    ")
        .contains("100.000ms |########################| trace=" + TRACE + " span=00000000000000a1 parent=- {db.system=h2}");
    assertThat(lines.get(2)).startsWith("[tracer]   span CLIENT 'SELECT a' ")
        .contains(" 20.000ms |  ######                | trace=" + TRACE + " span=00000000000000b1 parent=00000000000000a1");
    assertThat(lines.get(3)).startsWith("[tracer]   span INTERNAL 'render' ")
        .contains(" 50.000ms |            ############| ");
    assertThat(lines.get(4)).startsWith("[tracer]     span CLIENT 'SELECT b' ")
        .contains(" 25.000ms |            ######      | ERROR trace=" + TRACE + " span=00000000000000c1 parent=00000000000000b2 {}");
    // durations and bars line up in one column within a trace
    assertThat(lines.subList(1, 5)).extracting(line -> line.indexOf('|')).containsOnly(lines.get(1).indexOf('|'));
  }

  @Test
  void spansWhoseParentIsNotInTheBatchHeadTheirOwnSubtreeAndTracesStayApart() {
    SpanData orphan = span(TRACE, "00000000000000d1", "00000000000000ff", SpanKind.CLIENT, "SELECT late", 20, 40);
    SpanData orphanChild = span(TRACE, "00000000000000d2", "00000000000000d1", SpanKind.CLIENT, "INSERT x", 25, 30);
    SpanData root = span(TRACE, "00000000000000a1", null, SpanKind.INTERNAL, "job", 0, 10);
    SpanData other = span(OTHER_TRACE, "00000000000000e1", null, SpanKind.PRODUCER, "orders publish", 5, 6);
    List<String> lines = print(orphanChild, other, orphan, root);
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("[tracer] trace " + TRACE + ": 3 spans, 40.000ms");
    assertThat(lines.get(1)).startsWith("[tracer] span INTERNAL 'job' ").contains("parent=-");
    assertThat(lines.get(2)).startsWith("[tracer] span CLIENT 'SELECT late' ").contains("parent=00000000000000ff");
    assertThat(lines.get(3)).startsWith("[tracer]   span CLIENT 'INSERT x' ");
    assertThat(lines.get(4)).startsWith("[tracer] span PRODUCER 'orders publish' ")
        .contains("1.000ms |########################|");
  }

  @Test
  void aParentCycleIsPrintedFlatNotLost() {
    SpanData a = span(TRACE, "00000000000000a1", "00000000000000a2", SpanKind.INTERNAL, "a", 0, 10);
    SpanData b = span(TRACE, "00000000000000a2", "00000000000000a1", SpanKind.INTERNAL, "b", 0, 10);
    List<String> lines = print(a, b);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("[tracer] trace " + TRACE + ": 2 spans");
    assertThat(lines.get(1)).startsWith("[tracer] span INTERNAL 'a'");
    assertThat(lines.get(2)).startsWith("[tracer] span INTERNAL 'b'");
  }
}
