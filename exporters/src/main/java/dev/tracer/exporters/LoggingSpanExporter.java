package dev.tracer.exporters;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** The default exporter: one readable line per span on standard error, with its trace and parent ids. */
public final class LoggingSpanExporter implements SpanExporter {
  private final PrintStream out;

  public LoggingSpanExporter(PrintStream out) {
    this.out = out;
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    StringBuilder text = new StringBuilder(spans.size() * 200);
    for (SpanData span : spans) {
      format(span, text);
      text.append('\n');
    }
    out.print(text);
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  static void format(SpanData span, StringBuilder line) {
    SpanContext parent = span.getParentSpanContext();
    line.append("[tracer] span ").append(span.getKind()).append(" '").append(span.getName()).append("'")
        .append(" trace=").append(span.getTraceId())
        .append(" span=").append(span.getSpanId())
        .append(" parent=").append(parent.isValid() ? parent.getSpanId() : "-")
        .append(' ').append(String.format(Locale.ROOT, "%.3fms", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6));
    if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
      line.append(" ERROR");
    }
    line.append(" {");
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
