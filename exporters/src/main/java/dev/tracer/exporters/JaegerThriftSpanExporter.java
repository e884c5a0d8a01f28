package dev.tracer.exporters;

import io.jaegertracing.thriftjava.Batch;
import io.jaegertracing.thriftjava.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TBinaryProtocol;

/**
 * Jaeger Thrift over HTTP ({@code POST /api/traces}, binary protocol), what a Jaeger collector accepts. The
 * retired opentelemetry-exporter-jaeger-thrift no longer runs on the current SDK, so this is its replacement:
 * spans are mapped onto Jaeger's own generated Thrift classes ({@link JaegerThriftAdapter}), encoded by
 * libthrift's serializer, and sent with the agent's HTTP sender on its threads, as the OTLP exporter sends ({@link HttpSending}: same timeouts and retries, never traced by the agent itself).
 */
public final class JaegerThriftSpanExporter implements SpanExporter {
  static final String CONTENT_TYPE = "application/x-thrift";

  private final HttpSender sender;

  public JaegerThriftSpanExporter(String endpoint, Duration timeout, Map<String, String> headers) {
    this(endpoint, timeout, headers, null);
  }

  /** {@code tls}: this exporter's TLS context, or null for the JVM's default. */
  public JaegerThriftSpanExporter(String endpoint, Duration timeout, Map<String, String> headers, TlsFiles.Loaded tls) {
    // uncompressed: a Jaeger collector's Thrift endpoint does not read a gzip body
    this.sender = HttpSending.sender(endpoint, CONTENT_TYPE, timeout, headers, tls, false);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (spans.isEmpty()) {
      return CompletableResultCode.ofSuccess();
    }
    byte[] body;
    try {
      body = encode(spans);
    } catch (TException | RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    }
    return HttpSending.post(sender, body, "Jaeger collector");
  }

  /**
   * One Thrift {@code Batch} per resource (a Jaeger batch has one process); in the agent every span shares one
   * resource, so one batch, one request. Extra batches are concatenated, which the collector does not accept,
   * hence they are rejected up front rather than sent garbled.
   */
  static byte[] encode(Collection<SpanData> spans) throws TException {
    Map<Resource, List<Span>> byResource = new IdentityHashMap<>();
    for (SpanData span : spans) {
      byResource.computeIfAbsent(span.getResource(), r -> new ArrayList<>()).add(JaegerThriftAdapter.span(span));
    }
    if (byResource.size() > 1) {
      throw new IllegalArgumentException("spans of " + byResource.size() + " resources in one Jaeger batch");
    }
    Map.Entry<Resource, List<Span>> only = byResource.entrySet().iterator().next();
    return new TSerializer(new TBinaryProtocol.Factory())
        .serialize(new Batch(JaegerThriftAdapter.process(only.getKey()), only.getValue()));
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return sender.shutdown();
  }
}
