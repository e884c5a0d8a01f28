package dev.tracer.instrumentation.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real gRPC server (Netty) on loopback, a plaintext client, no generated code. */
class GrpcTest {
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("rpc.grpc.status_code");
  static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<String>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
  static final MethodDescriptor<String, String> SAY = method(MethodDescriptor.MethodType.UNARY, "Say");
  static final MethodDescriptor<String, String> FAIL = method(MethodDescriptor.MethodType.UNARY, "Fail");
  static final MethodDescriptor<String, String> REPEAT = method(MethodDescriptor.MethodType.SERVER_STREAMING, "Repeat");
  static final MethodDescriptor<String, String> COLLECT = method(MethodDescriptor.MethodType.CLIENT_STREAMING, "Collect");
  static final MethodDescriptor<String, String> CHAT = method(MethodDescriptor.MethodType.BIDI_STREAMING, "Chat");

  /** The span each server method saw as current, by method name. */
  static final Map<String, String> SEEN = new ConcurrentHashMap<>();
  static Server server;
  static ManagedChannel channel;

  static MethodDescriptor<String, String> method(MethodDescriptor.MethodType type, String name) {
    return MethodDescriptor.<String, String>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("test.v1.Echo", name))
        .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
  }

  static void seen(String method) {
    SEEN.put(method, Span.current().getSpanContext().getSpanId());
  }

  @BeforeAll
  static void start() throws IOException {
    AgentTesting.install();
    ServerServiceDefinition echo = ServerServiceDefinition.builder("test.v1.Echo")
        .addMethod(SAY, ServerCalls.asyncUnaryCall((request, response) -> {
          seen("Say");
          response.onNext("hello " + request);
          response.onCompleted();
        }))
        .addMethod(FAIL, ServerCalls.asyncUnaryCall((request, response) -> {
          seen("Fail");
          response.onError(Status.NOT_FOUND.withDescription("no " + request).asRuntimeException());
        }))
        .addMethod(REPEAT, ServerCalls.asyncServerStreamingCall((request, response) -> {
          seen("Repeat");
          for (int i = 0; i < 3; i++) {
            response.onNext(request + i);
          }
          response.onCompleted();
        }))
        .addMethod(COLLECT, ServerCalls.asyncClientStreamingCall(response -> new StreamObserver<String>() {
          final StringBuilder all = new StringBuilder();

          @Override
          public void onNext(String value) {
            all.append(value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            seen("Collect");
            response.onNext(all.toString());
            response.onCompleted();
          }
        }))
        .addMethod(CHAT, ServerCalls.asyncBidiStreamingCall(response -> new StreamObserver<String>() {
          @Override
          public void onNext(String value) {
            seen("Chat");
            response.onNext("re: " + value);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            response.onCompleted();
          }
        }))
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(echo).build().start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
    SEEN.clear();
  }

  /** The CLIENT and SERVER span of one call, checked for what every call has. */
  static SpanData[] clientAndServer(String method, long code) {
    List<SpanData> spans = AgentTesting.spans(2);
    assertThat(spans).hasSize(2);
    SpanData client = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    for (SpanData span : new SpanData[] {client, server}) {
      assertThat(span.getName()).isEqualTo("test.v1.Echo/" + method);
      assertThat(span.getAttributes().get(AttributeKey.stringKey("rpc.system"))).isEqualTo("grpc");
      assertThat(span.getAttributes().get(AttributeKey.stringKey("rpc.service"))).isEqualTo("test.v1.Echo");
      assertThat(span.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo(method);
      assertThat(span.getAttributes().get(STATUS)).isEqualTo(code);
      assertThat(span.getStatus().getStatusCode()).isEqualTo(code == 0 ? StatusCode.UNSET : StatusCode.ERROR);
    }
    assertThat(server.getTraceId()).isEqualTo(client.getTraceId());
    assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
    assertThat(SEEN.get(method)).isEqualTo(server.getSpanId());
    return new SpanData[] {client, server};
  }

  @Test
  void theTestedVersion() {
    TestedVersions.assertLoaded(Status.class, NettyServerBuilder.class);
  }

  @Test
  void unary() {
    assertThat(ClientCalls.blockingUnaryCall(channel, SAY, CallOptions.DEFAULT, "you")).isEqualTo("hello you");
    clientAndServer("Say", 0);
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void unaryInsideAParentSpan() {
    Span parent = AgentTesting.tracing().tracer.spanBuilder("parent").startSpan();
    try (Scope ignored = parent.makeCurrent()) {
      ClientCalls.blockingUnaryCall(channel, SAY, CallOptions.DEFAULT, "you");
    }
    parent.end();
    List<SpanData> spans = AgentTesting.spans(3);
    SpanData client = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
    assertThat(client.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
  }

  @Test
  void aFailingCallIsAnErrorOnBothSides() {
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, FAIL, CallOptions.DEFAULT, "luck"))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    SpanData[] spans = clientAndServer("Fail", Status.Code.NOT_FOUND.value());
    assertThat(spans[0].getStatus().getDescription()).contains("NOT_FOUND");
  }

  @Test
  void serverStreaming() {
    List<String> answers = new ArrayList<>();
    Iterator<String> it = ClientCalls.blockingServerStreamingCall(channel, REPEAT, CallOptions.DEFAULT, "x");
    it.forEachRemaining(answers::add);
    assertThat(answers).containsExactly("x0", "x1", "x2");
    clientAndServer("Repeat", 0);
  }

  @Test
  void clientStreaming() throws Exception {
    Answer answer = new Answer();
    StreamObserver<String> requests = ClientCalls.asyncClientStreamingCall(channel.newCall(COLLECT, CallOptions.DEFAULT), answer);
    requests.onNext("a");
    requests.onNext("b");
    requests.onCompleted();
    assertThat(answer.done.get(10, TimeUnit.SECONDS)).containsExactly("ab");
    clientAndServer("Collect", 0);
  }

  @Test
  void bidiStreaming() throws Exception {
    Answer answer = new Answer();
    StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(CHAT, CallOptions.DEFAULT), answer);
    requests.onNext("1");
    requests.onNext("2");
    requests.onCompleted();
    assertThat(answer.done.get(10, TimeUnit.SECONDS)).containsExactly("re: 1", "re: 2");
    clientAndServer("Chat", 0);
  }

  @Test
  void aCallCancelledByTheClientEndsBothSpans() throws Exception {
    Answer answer = new Answer();
    io.grpc.ClientCall<String, String> call = channel.newCall(CHAT, CallOptions.DEFAULT);
    StreamObserver<String> requests = ClientCalls.asyncBidiStreamingCall(call, answer);
    requests.onNext("1");
    assertThat(answer.first.get(10, TimeUnit.SECONDS)).isEqualTo("re: 1");
    call.cancel("changed my mind", null);
    List<SpanData> spans = AgentTesting.spans(2);
    assertThat(spans).hasSize(2).allSatisfy(span -> {
      assertThat(span.getAttributes().get(STATUS)).isEqualTo((long) Status.Code.CANCELLED.value());
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    });
  }

  /** 2,000 unary calls (each a real round trip, so fewer than 100,000) and a failing one. */
  @Test
  void everyCallLeavesTheStoreOfCallsInFlight() {
    for (int i = 0; i < 2_000; i++) {
      ClientCalls.blockingUnaryCall(channel, SAY, CallOptions.DEFAULT, "n" + i);
    }
    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, FAIL, CallOptions.DEFAULT, "luck"))
        .isInstanceOf(StatusRuntimeException.class);
    AgentTesting.spans(4_002);
    // the server side's span ends when it closes its call, before the client sees the status
    assertThat(GrpcCalls.PENDING.size()).isZero();
  }

  static final class Answer implements StreamObserver<String> {
    final List<String> values = new ArrayList<>();
    final CompletableFuture<String> first = new CompletableFuture<>();
    final CompletableFuture<List<String>> done = new CompletableFuture<>();

    @Override
    public synchronized void onNext(String value) {
      values.add(value);
      first.complete(value);
    }

    @Override
    public synchronized void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public synchronized void onCompleted() {
      done.complete(new ArrayList<>(values));
    }
  }
}
