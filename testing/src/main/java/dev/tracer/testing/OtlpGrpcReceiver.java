package dev.tracer.testing;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/gRPC receiver ({@code opentelemetry.proto.collector.trace.v1.TraceService/Export}, and
 * {@code ...metrics.v1.MetricsService/Export}) on a real gRPC server, decoding with the OpenTelemetry protobuf
 * classes. {@link #failWith} makes it answer an error status. {@link #headers} are those of trace calls.
 */
public final class OtlpGrpcReceiver implements AutoCloseable {
  private static final String METHOD = "opentelemetry.proto.collector.trace.v1.TraceService/Export";
  private static final String METRICS = "opentelemetry.proto.collector.metrics.v1.MetricsService";

  private final Server server;
  private final List<ExportTraceServiceRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metricRequests = new CopyOnWriteArrayList<>();
  private volatile Status failure;
  private final boolean tlsOn;

  public OtlpGrpcReceiver() throws IOException {
    this(0);
  }

  public OtlpGrpcReceiver(int port) throws IOException {
    this(port, null);
  }

  /** Over TLS with this server certificate (from {@link TestCertificates}); {@code null}: plaintext. */
  public OtlpGrpcReceiver(TestCertificates.Issued tls) throws IOException {
    this(0, tls);
  }

  private OtlpGrpcReceiver(int port, TestCertificates.Issued tls) throws IOException {
    MethodDescriptor<ExportTraceServiceRequest, ExportTraceServiceResponse> export =
        MethodDescriptor.<ExportTraceServiceRequest, ExportTraceServiceResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(METHOD)
            .setRequestMarshaller(new Proto<>(ExportTraceServiceRequest::parseFrom))
            .setResponseMarshaller(new Proto<>(ExportTraceServiceResponse::parseFrom))
            .build();
    ServerServiceDefinition service = ServerServiceDefinition.builder("opentelemetry.proto.collector.trace.v1.TraceService")
        .addMethod(export, ServerCalls.asyncUnaryCall((request, response) -> {
          Status fail = failure;
          if (fail != null) {
            response.onError(fail.asRuntimeException());
            return;
          }
          requests.add(request);
          response.onNext(ExportTraceServiceResponse.getDefaultInstance());
          response.onCompleted();
        }))
        .build();
    MethodDescriptor<ExportMetricsServiceRequest, ExportMetricsServiceResponse> exportMetrics =
        MethodDescriptor.<ExportMetricsServiceRequest, ExportMetricsServiceResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(METRICS + "/Export")
            .setRequestMarshaller(new Proto<>(ExportMetricsServiceRequest::parseFrom))
            .setResponseMarshaller(new Proto<>(ExportMetricsServiceResponse::parseFrom))
            .build();
    ServerServiceDefinition metricsService = ServerServiceDefinition.builder(METRICS)
        .addMethod(exportMetrics, ServerCalls.asyncUnaryCall((request, response) -> {
          Status fail = failure;
          if (fail != null) {
            response.onError(fail.asRuntimeException());
            return;
          }
          metricRequests.add(request);
          response.onNext(ExportMetricsServiceResponse.getDefaultInstance());
          response.onCompleted();
        }))
        .build();
    ServerInterceptor recordHeaders = new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata metadata,
          ServerCallHandler<Q, A> next) {
        Map<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String key : metadata.keys()) {
          if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
            seen.put(key, metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
          }
        }
        headers.add(seen);
        return next.startCall(call, metadata);
      }
    };
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    tlsOn = tls != null;
    server = (tls == null ? NettyServerBuilder.forAddress(address)
        : NettyServerBuilder.forAddress(address, io.grpc.TlsServerCredentials.create(tls.certificateFile.toFile(),
            tls.keyFile.toFile())))
        .addService(ServerInterceptors.intercept(service, recordHeaders))
        .addService(metricsService)
        .build()
        .start();
  }

  /** From now on every export is answered with {@code status} (null: accept again). */
  public void failWith(Status status) {
    failure = status;
  }

  public int port() {
    return server.getPort();
  }

  public String endpoint() {
    return (tlsOn ? "https" : "http") + "://127.0.0.1:" + port();
  }

  public List<Map<String, String>> headers() {
    return new ArrayList<>(headers);
  }

  /** What arrived on the metrics service so far. */
  public ReceivedMetrics metrics() {
    return new ReceivedMetrics(new ArrayList<>(metricRequests));
  }

  public List<ReceivedSpan> spans() {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ExportTraceServiceRequest request : requests) {
      for (ResourceSpans resource : request.getResourceSpansList()) {
        Map<String, Object> attributes = OtlpReceiver.toMap(resource.getResource().getAttributesList());
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          for (Span span : scope.getSpansList()) {
            spans.add(new ReceivedSpan(span, attributes));
          }
        }
      }
    }
    return spans;
  }

  public List<ReceivedSpan> awaitSpans(int count, int seconds) {
    Waiting.until(() -> spans().size() >= count, seconds);
    return spans();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }

  private interface Parser<T> {
    T parse(byte[] bytes) throws IOException;
  }

  private static final class Proto<T extends com.google.protobuf.MessageLite> implements MethodDescriptor.Marshaller<T> {
    private final Parser<T> parser;

    Proto(Parser<T> parser) {
      this.parser = parser;
    }

    @Override
    public InputStream stream(T value) {
      return new ByteArrayInputStream(value.toByteArray());
    }

    @Override
    public T parse(InputStream stream) {
      try {
        return parser.parse(stream.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
