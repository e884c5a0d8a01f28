package dev.tracer.exporters;

import io.opentelemetry.exporter.internal.RetryUtil;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpResponse;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * The agent's HTTP sender: one blocking {@code POST} through the JDK's {@link HttpURLConnection} on a thread of the
 * given pool, with the OpenTelemetry exporters' retry policy (429, 502, 503, 504 and connection failures, not TLS
 * failures; exponential backoff with jitter; {@code Retry-After} honoured; all within the timeout; nothing once the
 * JVM is ending, see {@link HttpSending#jvmEnding}). It replaces the
 * SDK's {@code java.net.http} sender because an export is a few sends a second: the asynchronous client hands each
 * one across three threads and keeps the JIT busy for minutes compiling code that runs that rarely, while this path
 * is a socket write and a read on one thread, with classes most JVMs have loaded already. Connections are kept alive
 * by the JDK's cache; no proxy unless the exporter is given one.
 */
final class UrlConnectionSender implements HttpSender {
  static final HttpSenderProvider PROVIDER = UrlConnectionSender::new;

  private static final Set<Integer> RETRYABLE_STATUS = RetryUtil.retryableHttpResponseCodes();
  /** The serialized (and compressed) body, reused by each sending thread: exports are a few a second. */
  private static final ThreadLocal<Body> BODY = ThreadLocal.withInitial(Body::new);

  private final URI uri;
  private final URL endpoint;
  private final String contentType;
  private final Compressor compressor;
  private final long timeoutNanos;
  private final int connectTimeoutMillis;
  private final Supplier<Map<String, List<String>>> headers;
  private final RetryPolicy retryPolicy;
  private final Predicate<IOException> retryable;
  private final SSLSocketFactory sslSocketFactory;
  /** Where the exporter was told to send through; null: straight to the endpoint. */
  private final ProxySelector proxies;
  private final ExecutorService executor;
  private final long maxResponseBodySize;

  UrlConnectionSender(HttpSenderConfig config) {
    this.uri = config.getEndpoint();
    try {
      this.endpoint = uri.toURL();
    } catch (IOException e) {
      throw new IllegalArgumentException("not an HTTP endpoint: " + uri, e);
    }
    this.contentType = config.getContentType();
    this.compressor = config.getCompressor();
    this.timeoutNanos = config.getTimeout().toNanos();
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.getConnectTimeout().toMillis()));
    this.headers = config.getHeadersSupplier();
    this.retryPolicy = config.getRetryPolicy();
    Predicate<IOException> own = retryPolicy == null ? null : retryPolicy.getRetryExceptionPredicate();
    // as the SDK's senders: every I/O failure is worth another try but a TLS one
    this.retryable = own != null ? own : e -> !(e instanceof SSLException);
    this.sslSocketFactory = config.getSslContext() == null ? null : config.getSslContext().getSocketFactory();
    this.proxies = config.getProxyOptions() == null ? null : config.getProxyOptions().getProxySelector();
    this.executor = config.getExecutorService() != null ? config.getExecutorService() : HttpSending.executor();
    this.maxResponseBodySize = config.getMaxResponseBodySize();
  }

  @Override
  public void send(MessageWriter message, Consumer<HttpResponse> onResponse, Consumer<Throwable> onError) {
    try {
      executor.execute(() -> {
        HttpResponse response;
        try {
          response = sendWithRetries(message);
        } catch (Throwable t) {
          onError.accept(t);
          return;
        }
        onResponse.accept(response);
      });
    } catch (RejectedExecutionException e) {
      onError.accept(e);
    }
  }

  private HttpResponse sendWithRetries(MessageWriter message) throws IOException {
    long started = System.nanoTime();
    Body body = BODY.get();
    body.reset();
    if (compressor != null) {
      try (OutputStream compressed = compressor.compress(body)) {
        message.writeMessage(compressed);
      }
    } else {
      message.writeMessage(body);
    }
    int maxAttempts = retryPolicy == null ? 1 : retryPolicy.getMaxAttempts();
    long backoffNanos = retryPolicy == null ? 0 : retryPolicy.getInitialBackoff().toNanos();
    for (int attempt = 1; ; attempt++) {
      long remaining = timeoutNanos - (System.nanoTime() - started);
      Response response = null;
      IOException failure = null;
      try {
        response = post(body, remaining);
      } catch (IOException e) {
        failure = e;
      }
      boolean retry = failure != null ? retryable.test(failure) : RETRYABLE_STATUS.contains(response.status);
      if (!retry || attempt >= maxAttempts) {
        return result(response, failure);
      }
      long current = Math.min(backoffNanos, retryPolicy.getMaxBackoff().toNanos());
      long sleep = response != null && response.retryAfter.isPresent() ? response.retryAfter.getAsLong()
          : (long) (ThreadLocalRandom.current().nextDouble(0.8d, 1.2d) * current);
      backoffNanos = (long) (current * retryPolicy.getBackoffMultiplier());
      remaining = timeoutNanos - (System.nanoTime() - started);
      if (sleep >= remaining) {
        return result(response, failure); // no time left for another attempt
      }
      try {
        if (HttpSending.backoffEndedByExit(sleep)) {
          return result(response, failure);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return result(response, failure);
      }
    }
  }

  private static HttpResponse result(Response response, IOException failure) throws IOException {
    if (failure != null) {
      throw failure;
    }
    return response;
  }

  /** One attempt: the body written, the whole answer read (so that the connection is kept for the next). */
  private Response post(Body body, long remainingNanos) throws IOException {
    if (remainingNanos <= 0) {
      throw new IOException("export timed out before it could be sent");
    }
    HttpURLConnection connection = (HttpURLConnection) endpoint.openConnection(proxy());
    if (sslSocketFactory != null && connection instanceof HttpsURLConnection) {
      ((HttpsURLConnection) connection).setSSLSocketFactory(sslSocketFactory);
    }
    connection.setConnectTimeout(connectTimeoutMillis);
    connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNanos))));
    connection.setUseCaches(false);
    connection.setInstanceFollowRedirects(false);
    connection.setDoOutput(true);
    connection.setRequestMethod("POST");
    Map<String, List<String>> extra = headers.get();
    if (extra != null) {
      for (Map.Entry<String, List<String>> header : extra.entrySet()) {
        for (String value : header.getValue()) {
          connection.addRequestProperty(header.getKey(), value);
        }
      }
    }
    connection.setRequestProperty("Content-Type", contentType);
    if (compressor != null) {
      connection.setRequestProperty("Content-Encoding", compressor.getEncoding());
    }
    connection.setFixedLengthStreamingMode(body.size());
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body.bytes(), 0, body.size());
    }
    int status;
    try {
      status = connection.getResponseCode();
    } catch (HttpRetryException e) {
      // a 401 with a challenge, which a streamed body cannot answer: the backend's answer, not a failure to retry
      return new Response(e.responseCode(), e.getReason(), new byte[0], OptionalLong.empty());
    }
    InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    byte[] answer = in == null ? new byte[0] : readAtMost(in, maxResponseBodySize);
    String message = connection.getResponseMessage();
    return new Response(status, message == null ? "" : message, answer,
        RetryUtil.retryAfterNanos(connection.getHeaderField("Retry-After")));
  }

  private Proxy proxy() {
    if (proxies == null) {
      return Proxy.NO_PROXY;
    }
    List<Proxy> selected = proxies.select(uri);
    return selected == null || selected.isEmpty() ? Proxy.NO_PROXY : selected.get(0);
  }

  /** The answer's body up to {@code max} bytes; the rest is read and discarded so the connection can be reused. */
  private static byte[] readAtMost(InputStream in, long max) throws IOException {
    try (InputStream body = in) {
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = body.read(buffer)) >= 0; ) {
        int keep = (int) Math.max(0, Math.min(n, max - kept.size()));
        kept.write(buffer, 0, keep);
      }
      return kept.toByteArray();
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess(); // the pool is shared and the JDK's connection cache closes idle ones
  }

  /** A reusable buffer whose array is written out directly. */
  private static final class Body extends ByteArrayOutputStream {
    byte[] bytes() {
      return buf;
    }
  }

  private static final class Response implements HttpResponse {
    final int status;
    final String message;
    final byte[] body;
    final OptionalLong retryAfter;

    Response(int status, String message, byte[] body, OptionalLong retryAfter) {
      this.status = status;
      this.message = message;
      this.body = body;
      this.retryAfter = retryAfter;
    }

    @Override public int getStatusCode() { return status; }
    @Override public String getStatusMessage() { return message; }
    @Override public byte[] getResponseBody() { return body; }
  }
}
