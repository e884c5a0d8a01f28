package dev.tracer.exporters;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The default exporter: on standard error, each trace of a batch as a tree — children indented under their
 * parent in start order, each with its duration and a bar showing where in the trace its time went. Still one
 * line per span with its trace, span and parent ids (plus a header line for a trace of several spans), so that grep finds a span by name or id. A span whose
 * parent is not in the batch (exported earlier, or in another service) heads a subtree of its own.
 */
public final class LoggingSpanExporter implements SpanExporter {
  static final int BAR_WIDTH = 24;
  private static final Comparator<SpanData> BY_START = Comparator.comparingLong(SpanData::getStartEpochNanos);

  private final PrintStream out;

  public LoggingSpanExporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    StringBuilder text = new StringBuilder(spans.size() * 200);
    format(spans, text);
    out.print(text);
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  /** Every trace of the batch, in the order its first span started. */
  static void format(Collection<SpanData> spans, StringBuilder text) {
    Map<String, List<SpanData>> traces = new LinkedHashMap<>();
    for (SpanData span : spans) {
      traces.computeIfAbsent(span.getTraceId(), id -> new ArrayList<>()).add(span);
    }
    List<List<SpanData>> ordered = new ArrayList<>(traces.values());
    ordered.sort(Comparator.comparingLong(trace -> trace.stream().mapToLong(SpanData::getStartEpochNanos).min().orElse(0)));
    for (List<SpanData> trace : ordered) {
      formatTrace(trace, text);
    }
  }

  private static void formatTrace(List<SpanData> spans, StringBuilder text) {
    Map<String, SpanData> byId = new HashMap<>();
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (SpanData span : spans) {
      byId.put(span.getSpanId(), span);
      start = Math.min(start, span.getStartEpochNanos());
      end = Math.max(end, span.getEndEpochNanos());
    }
    Map<String, List<SpanData>> children = new HashMap<>();
    List<SpanData> roots = new ArrayList<>();
    for (SpanData span : spans) {
      String parent = span.getParentSpanContext().isValid() ? span.getParentSpanId() : null;
      if (parent != null && byId.containsKey(parent) && !parent.equals(span.getSpanId())) {
        children.computeIfAbsent(parent, id -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    roots.sort(BY_START);
    List<SpanData> order = new ArrayList<>(spans.size());
    List<Integer> depths = new ArrayList<>(spans.size());
    Set<String> seen = new HashSet<>();
    for (SpanData root : roots) {
      walk(root, 0, children, order, depths, seen);
    }
    for (SpanData span : spans) { // a parent cycle (malformed data) is never reached from a root: print it flat
      if (!seen.contains(span.getSpanId())) {
        order.add(span);
        depths.add(0);
      }
    }
    int width = 0;
    for (int i = 0; i < order.size(); i++) {
      width = Math.max(width, 2 * depths.get(i) + head(order.get(i)).length());
    }
    if (spans.size() > 1) { // a lone span's line says it all
      text.append("[tracer] trace ").append(spans.get(0).getTraceId()).append(": ").append(spans.size())
          .append(" spans, ").append(millis(end - start)).append('\n');
    }
    for (int i = 0; i < order.size(); i++) {
      SpanData span = order.get(i);
      int indent = 2 * depths.get(i);
      String head = head(span);
      text.append("[tracer] ");
      pad(text, indent);
      text.append(head);
      pad(text, width - indent - head.length());
      String duration = millis(span.getEndEpochNanos() - span.getStartEpochNanos());
      pad(text, 12 - duration.length());
      text.append(duration).append(' ');
      bar(span, start, end, text);
      text.append(' ');
      details(span, text);
      text.append('\n');
    }
  }

  private static void walk(SpanData span, int depth, Map<String, List<SpanData>> children, List<SpanData> order,
      List<Integer> depths, Set<String> seen) {
    if (!seen.add(span.getSpanId())) {
      return;
    }
    order.add(span);
    depths.add(depth);
    List<SpanData> mine = children.get(span.getSpanId());
    if (mine != null) {
      mine.sort(BY_START);
      for (SpanData child : mine) {
        walk(child, depth + 1, children, order, depths, seen);
      }
    }
  }

  /** {@code span CLIENT 'SELECT orders'}: the part people grep for. */
  static String head(SpanData span) {
    return "span " + span.getKind() + " '" + span.getName() + "'";
  }

  /** {@code |   ####     |}: the span's part of the trace's time, at least one cell. */
  static void bar(SpanData span, long traceStart, long traceEnd, StringBuilder text) {
    double total = Math.max(1, traceEnd - traceStart);
    int from = (int) Math.floor((span.getStartEpochNanos() - traceStart) / total * BAR_WIDTH);
    int to = (int) Math.ceil((span.getEndEpochNanos() - traceStart) / total * BAR_WIDTH);
    from = Math.max(0, Math.min(BAR_WIDTH - 1, from));
    to = Math.max(from + 1, Math.min(BAR_WIDTH, to));
    text.append('|');
    for (int i = 0; i < BAR_WIDTH; i++) {
      text.append(i >= from && i < to ? '#' : ' ');
    }
    text.append('|');
  }

  private static void details(SpanData span, StringBuilder line) {
    SpanContext parent = span.getParentSpanContext();
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      line.append("ERROR ");
    }
    line.append("trace=").append(span.getTraceId())
        .append(" span=").append(span.getSpanId())
        .append(" parent=").append(parent.isValid() ? parent.getSpanId() : "-")
        .append(" {");
    boolean first = true;
    for (Map.Entry<AttributeKey<?>, Object> attribute : span.getAttributes().asMap().entrySet()) {
      if (!first) {
        line.append(", ");
      }
      first = false;
      line.append(attribute.getKey().getKey()).append('=').append(attribute.getValue());
    }
    line.append('}');
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3fms", nanos / 1e6);
  }

  private static void pad(StringBuilder text, int spaces) {
    for (int i = 0; i < spaces; i++) {
      text.append(' ');
    }
  }

  @Override
  public CompletableResultCode flush() {
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return flush();
  }
}
