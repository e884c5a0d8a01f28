package dev.tracer.exporters;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.HttpSender;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import zipkin2.reporter.BaseHttpSender;
import zipkin2.reporter.BytesMessageEncoder;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.HttpEndpointSuppliers;

/**
 * Zipkin's v2 JSON {@code POST}, sent as the OTLP and Jaeger exporters send ({@link HttpSending}: the JDK's
 * {@code HttpURLConnection} on the agent's threads, this exporter's own TLS context, gzip when configured, retries
 * within the timeout) instead
 * of zipkin-reporter's OkHttp sender, whose TLS can only be set through OkHttp's own client. The Zipkin exporter
 * encodes the spans; this only posts the message.
 */
final class ZipkinHttpSender extends BaseHttpSender<String, byte[]> {
  static final String CONTENT_TYPE = "application/json";

  private final HttpSender sender;
  private final long waitMillis;

  ZipkinHttpSender(String endpoint, Duration timeout, TlsFiles.Loaded tls, boolean gzip) {
    super(Encoding.JSON, HttpEndpointSuppliers.constantFactory(), endpoint);
    this.sender = HttpSending.sender(endpoint, CONTENT_TYPE, timeout, Collections.emptyMap(), tls, gzip);
    this.waitMillis = timeout.toMillis() + ExporterLane.EXPORT_GRACE_MILLIS;
  }

  @Override
  protected String newEndpoint(String endpoint) {
    return endpoint;
  }

  @Override
  protected byte[] newBody(List<byte[]> encodedSpans) {
    return BytesMessageEncoder.forEncoding(encoding()).encode(encodedSpans);
  }

  /** Synchronous, as zipkin-reporter's senders are: the Zipkin exporter calls it on its own thread. */
  @Override
  protected void postSpans(String endpoint, byte[] body) throws IOException {
    CompletableResultCode result = HttpSending.post(sender, body, "Zipkin").join(waitMillis, TimeUnit.MILLISECONDS);
    if (!result.isDone()) {
      throw new IOException("no answer from Zipkin within " + waitMillis + " ms");
    }
    if (!result.isSuccess()) {
      Throwable failure = result.getFailureThrowable();
      throw failure instanceof IOException ? (IOException) failure : new IOException("Zipkin export failed", failure);
    }
  }

  @Override
  protected void doClose() {
    sender.shutdown();
  }
}
