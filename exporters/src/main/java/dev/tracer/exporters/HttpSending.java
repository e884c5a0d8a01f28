package dev.tracer.exporters;

import dev.tracer.bootstrap.InternalThread;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.common.export.HttpSenderProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.Compressor;
import io.opentelemetry.sdk.common.export.HttpSender;
import io.opentelemetry.sdk.common.export.HttpSenderConfig;
import io.opentelemetry.sdk.common.export.MessageWriter;
import io.opentelemetry.sdk.common.export.ProxyOptions;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the agent's HTTP exporters send (OTLP/HTTP spans and metrics, Zipkin, Jaeger): {@link UrlConnectionSender},
 * the JDK's {@code HttpURLConnection} behind the OpenTelemetry exporters' sender interface, serializing into a
 * reused buffer, on agent threads. It costs no extra classes (OkHttp, Okio and Kotlin stay unloaded unless gRPC is
 * configured), and because every send runs on an {@link InternalThread}, the agent's HTTP-client instrumentation
 * never traces its own exports. The sender retries 429, 502, 503, 504 and connection failures (not TLS failures)
 * with exponential backoff and jitter, honouring {@code Retry-After}, all within the export timeout; a 2xx is never
 * sent again. Once the JVM is ending ({@link #jvmEnding}) nothing is retried.
 */
public final class HttpSending {
  /** The agent's sender for HTTP, whatever else is on the class path; every other component as found. */
  static final ComponentLoader AGENT_SENDER = senderOnly(UrlConnectionSender.PROVIDER);

  /**
   * Counted down when the JVM starts ending: from then on a failed send is not tried again. The exports at exit
   * are each tried once, so an unreachable backend costs a short-lived JVM (a test run, a batch job, a command)
   * nothing at exit instead of the whole exit budget in backoffs; a send waiting out a backoff is woken.
   */
  private static final CountDownLatch EXITING = new CountDownLatch(1);

  private HttpSending() {}

  /** The JVM is ending (the agent's shutdown hook): the exports from now on are tried once each. */
  public static void jvmEnding() {
    EXITING.countDown();
  }

  /**
   * Waits out a backoff; true when the JVM started ending meanwhile, or already had (then at once), and the send
   * should stop: the one place a retry asks whether the JVM is ending.
   */
  static boolean backoffEndedByExit(long nanos) throws InterruptedException {
    return EXITING.await(nanos, TimeUnit.NANOSECONDS);
  }

  /** A component loader that gives the OpenTelemetry exporters {@code provider} as their one HTTP sender. */
  public static ComponentLoader senderOnly(HttpSenderProvider provider) {
    ComponentLoader found = ComponentLoader.forClassLoader(HttpSending.class.getClassLoader());
    return new ComponentLoader() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Iterable<T> load(Class<T> type) {
        return type == HttpSenderProvider.class ? (Iterable<T>) Collections.singletonList(provider) : found.load(type);
      }
    };
  }

  /**
   * The agent's sender for an exporter of our own (Jaeger, Zipkin): as the OTLP exporter configures it, with this
   * exporter's TLS context (null: the JVM's default) and compression (null: none).
   */
  static HttpSender sender(String endpoint, String contentType, Duration timeout, Map<String, String> headers,
      TlsFiles.Loaded tls, boolean gzip) {
    return UrlConnectionSender.PROVIDER.createSender(
        new Settings(URI.create(endpoint), contentType, timeout, headers, tls, gzip ? Gzip.INSTANCE : null));
  }

  /**
   * One {@code POST} of {@code body} by {@code sender}: succeeds on a 2xx, else fails with the status
   * ({@code "<backend> answered HTTP 503"}) or the sender's error.
   */
  static CompletableResultCode post(HttpSender sender, byte[] body, String backend) {
    CompletableResultCode result = new CompletableResultCode();
    sender.send(new MessageWriter() {
      @Override
      public void writeMessage(OutputStream out) throws IOException {
        out.write(body);
      }

      @Override
      public int getContentLength() {
        return body.length;
      }
    }, response -> {
      int status = response.getStatusCode();
      if (status >= 200 && status < 300) {
        result.succeed();
      } else {
        result.failExceptionally(new IOException(backend + " answered HTTP " + status));
      }
    }, result::failExceptionally);
    return result;
  }

  /**
   * One pool for every HTTP exporter: a send at a time per exporter (each lane waits for its export), so
   * two threads at most, gone after a minute idle; a queue instead of a refusal if more arrive together.
   */
  static ExecutorService executor() {
    return Pool.EXECUTOR;
  }

  /** Made on first use (the class is initialized then), once. */
  private static final class Pool {
    static final ExecutorService EXECUTOR = create();

    private static ExecutorService create() {
      AtomicInteger count = new AtomicInteger();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
          task -> new InternalThread(task, "tracer-otlp-send-" + count.incrementAndGet()));
      pool.allowCoreThreadTimeOut(true);
      return pool;
    }
  }

  /** gzip for the senders we configure ourselves (the OTLP exporters take {@code setCompression("gzip")}). */
  private enum Gzip implements Compressor {
    INSTANCE;

    @Override
    public String getEncoding() {
      return "gzip";
    }

    @Override
    public OutputStream compress(OutputStream out) throws IOException {
      return new GZIPOutputStream(out);
    }
  }

  /** What the SDK's sender needs to know; unset options take the sender's defaults. */
  private static final class Settings implements HttpSenderConfig {
    private final URI endpoint;
    private final String contentType;
    private final Duration timeout;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final TlsFiles.Loaded tls;
    private final Compressor compressor;

    Settings(URI endpoint, String contentType, Duration timeout, Map<String, String> headers, TlsFiles.Loaded tls,
        Compressor compressor) {
      this.endpoint = endpoint;
      this.contentType = contentType;
      this.timeout = timeout;
      this.tls = tls;
      this.compressor = compressor;
      for (Map.Entry<String, String> header : headers.entrySet()) {
        this.headers.put(header.getKey(), Collections.singletonList(header.getValue()));
      }
    }

    @Override public URI getEndpoint() { return endpoint; }
    @Override public String getContentType() { return contentType; }
    @Override public Compressor getCompressor() { return compressor; }
    @Override public Duration getTimeout() { return timeout; }
    @Override public Duration getConnectTimeout() { return timeout; }
    @Override public Supplier<Map<String, List<String>>> getHeadersSupplier() { return () -> headers; }
    @Override public ProxyOptions getProxyOptions() { return null; }
    @Override public RetryPolicy getRetryPolicy() { return RetryPolicy.getDefault(); }
    @Override public SSLContext getSslContext() { return tls == null ? null : tls.context; }
    @Override public X509TrustManager getTrustManager() { return tls == null ? null : tls.trustManager; }
    @Override public ExecutorService getExecutorService() { return HttpSending.executor(); }
  }
}
