package dev.tracer.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.tracer.exporters.ExportSettings;
import dev.tracer.exporters.Exporters;
import dev.tracer.exporters.HttpSending;
import dev.tracer.exporters.TlsFiles;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The export worker's side, per span: one batch of 512 finished spans serialized to an OTLP protobuf request,
 * with the marshaler the OTLP exporter uses by default (reusable, low allocation) and the immutable one; and the
 * whole export of that batch (serialization and the HTTP request, until the receiver's answer) to a receiver on
 * loopback that reads and discards the body, with the exporter the agent builds (its {@code HttpURLConnection}
 * sender on its own threads) and with the senders it used before (the JDK {@code HttpClient}'s, OkHttp's). Time per span is wall time (it includes waiting for the
 * answer); CPU per span is the whole process's CPU time over each measured iteration (every thread: the exporter's,
 * the HTTP client's, the receiver's reading, GC, JIT), appended as {@code export <method> <ns>} to the stats file of
 * {@link PipelineBenchmark#STATS_FILE}: an upper bound of what an export costs the application's machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ExportBenchmark {
  static final int BATCH = 512;

  private List<SpanData> batch;
  private final LowAllocationTraceRequestMarshaler reusable = new LowAllocationTraceRequestMarshaler();
  private final CountingStream out = new CountingStream();

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private HttpServer receiver;
  private ExecutorService receiving;
  private long sent;
  private long cpuBefore;
  private SpanExporter agentExporter;
  private SpanExporter okHttpExporter;
  private SpanExporter jdkHttpClientExporter;
  private SpanExporter gzipExporter;

  @Setup
  public void setUp() throws IOException {
    batch = batch(BATCH);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/v1/traces", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        body.transferTo(OutputStream.nullOutputStream());
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiving = Executors.newSingleThreadExecutor();
    receiver.setExecutor(receiving);
    receiver.start();
    String endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort();
    agentExporter = Exporters.create(new ExportSettings(List.of("otlp"), endpoint, true, "http/protobuf",
        Collections.emptyMap(), null, null, 10_000));
    // the same with TRACER_OTLP_COMPRESSION=gzip: what compression costs per span decides its default
    ExportSettings.Otlp gzip = new ExportSettings.Otlp(endpoint + "/v1/traces", "http/protobuf", Collections.emptyMap(),
        10_000, ExportSettings.GZIP, TlsFiles.NONE);
    gzipExporter = Exporters.create(new ExportSettings(List.of("otlp"), gzip, gzip, null, ExportSettings.NONE,
        TlsFiles.NONE, null, TlsFiles.NONE, 10_000));
    okHttpExporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces")
        .setComponentLoader(HttpSending.senderOnly(new OkHttpHttpSenderProvider())).build();
    jdkHttpClientExporter = OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces")
        .setComponentLoader(HttpSending.senderOnly(new JdkHttpSenderProvider())).build();
  }

  @Setup(Level.Iteration)
  public void beforeIteration() {
    sent = 0;
    cpuBefore = OS.getProcessCpuTime();
  }

  @TearDown(Level.Iteration)
  public void afterIteration(BenchmarkParams params, IterationParams iteration) throws IOException {
    long cpu = OS.getProcessCpuTime() - cpuBefore;
    String stats = System.getProperty(PipelineBenchmark.STATS_FILE);
    if (stats != null && sent > 0 && iteration.getType() == IterationType.MEASUREMENT) {
      String method = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
      Files.write(Paths.get(stats), ("export " + method + " " + (cpu / sent) + "\n").getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  @TearDown
  public void tearDown() {
    agentExporter.shutdown().join(5, TimeUnit.SECONDS);
    okHttpExporter.shutdown().join(5, TimeUnit.SECONDS);
    jdkHttpClientExporter.shutdown().join(5, TimeUnit.SECONDS);
    gzipExporter.shutdown().join(5, TimeUnit.SECONDS);
    receiver.stop(0);
    receiving.shutdown();
  }

  /**
   * The exporter the agent builds for {@code TRACER_EXPORTER=otlp}: one batch, until the receiver answered. 20 s of
   * warm-up: a batch is hundreds of spans, so the sending code runs few times a second and is compiled late.
   */
  @Benchmark
  @Warmup(iterations = 20, time = 1)
  @OperationsPerInvocation(BATCH)
  public boolean sendUrlConnection() {
    return send(agentExporter);
  }

  /** The agent's exporter with {@code TRACER_OTLP_COMPRESSION=gzip}: the body deflated before it is sent. */
  @Benchmark
  @Warmup(iterations = 20, time = 1)
  @OperationsPerInvocation(BATCH)
  public boolean sendUrlConnectionGzip() {
    return send(gzipExporter);
  }

  /** The same with the JDK {@code HttpClient} sender (the agent's before): its selector and worker threads. */
  @Benchmark
  @Warmup(iterations = 20, time = 1)
  @OperationsPerInvocation(BATCH)
  public boolean sendJdkHttpClient() {
    return send(jdkHttpClientExporter);
  }

  /** The same with the OkHttp sender (the OTLP exporter's default): its dispatcher thread, Okio buffers. */
  @Benchmark
  @Warmup(iterations = 20, time = 1)
  @OperationsPerInvocation(BATCH)
  public boolean sendOkHttp() {
    return send(okHttpExporter);
  }

  private boolean send(SpanExporter exporter) {
    boolean ok = exporter.export(batch).join(10, TimeUnit.SECONDS).isSuccess();
    if (!ok) {
      throw new IllegalStateException("the local receiver did not take the batch");
    }
    sent += BATCH;
    return ok;
  }

  static List<SpanData> batch(int size) {
    InMemorySpanExporter collect = InMemorySpanExporter.create();
    SdkTracerProvider provider = Spans.provider(SimpleSpanProcessor.create(collect));
    Tracer tracer = provider.get("benchmark");
    for (int i = 0; i < size; i++) {
      Spans.querySpan(tracer);
    }
    List<SpanData> spans = collect.getFinishedSpanItems();
    provider.shutdown();
    return spans;
  }

  /** What the OTLP exporter does by default (memory mode REUSABLE_DATA). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long otlpReusable() throws IOException {
    reusable.initialize(batch);
    try {
      reusable.writeBinaryTo(out);
    } finally {
      reusable.reset();
    }
    return out.count;
  }

  /** Memory mode IMMUTABLE_DATA: a marshaler tree per batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long otlpImmutable() throws IOException {
    TraceRequestMarshaler.create(batch).writeBinaryTo(out);
    return out.count;
  }

  /** Counts bytes instead of keeping them: the network is not part of this measurement. */
  static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
