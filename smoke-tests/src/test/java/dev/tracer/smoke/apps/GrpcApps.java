package dev.tracer.smoke.apps;

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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.UnaryOperator;

/** A gRPC service without generated code ({@code smoke.Echo}: Say, Repeat, Fail) and its client. */
public final class GrpcApps {
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
  public static final MethodDescriptor<String, String> SAY = method(MethodDescriptor.MethodType.UNARY, "Say");
  public static final MethodDescriptor<String, String> FAIL = method(MethodDescriptor.MethodType.UNARY, "Fail");
  public static final MethodDescriptor<String, String> REPEAT = method(MethodDescriptor.MethodType.SERVER_STREAMING, "Repeat");

  private GrpcApps() {}

  static MethodDescriptor<String, String> method(MethodDescriptor.MethodType type, String name) {
    return MethodDescriptor.<String, String>newBuilder().setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("smoke.Echo", name))
        .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();
  }

  /** Starts the service on a loopback port; {@code say} computes the answer of Say. */
  public static Server serve(UnaryOperator<String> say) throws IOException {
    ServerServiceDefinition echo = ServerServiceDefinition.builder("smoke.Echo")
        .addMethod(SAY, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext(say.apply(request));
          response.onCompleted();
        }))
        .addMethod(FAIL, ServerCalls.asyncUnaryCall((request, response) ->
            response.onError(Status.NOT_FOUND.withDescription("no " + request).asRuntimeException())))
        .addMethod(REPEAT, ServerCalls.asyncServerStreamingCall((request, response) -> {
          for (int i = 0; i < 3; i++) {
            response.onNext(request + i);
          }
          response.onCompleted();
        }))
        .build();
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(echo).build().start();
  }

  public static ManagedChannel channel(int port) {
    return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  /** The server JVM: prints its port, serves until it is stopped. */
  public static final class ServerMain {
    public static void main(String[] args) throws Exception {
      Server server = serve(request -> "hello " + request);
      System.out.println("listening " + server.getPort());
      server.awaitTermination();
    }
  }

  /** The client JVM: args are the server's port. Unary, server-streaming, then a failing call. */
  public static final class ClientMain {
    public static void main(String[] args) throws Exception {
      ManagedChannel channel = channel(Integer.parseInt(args[0]));
      System.out.println("answer " + ClientCalls.blockingUnaryCall(channel, SAY, CallOptions.DEFAULT, "smoke"));
      Iterator<String> repeated = ClientCalls.blockingServerStreamingCall(channel, REPEAT, CallOptions.DEFAULT, "r");
      StringBuilder all = new StringBuilder();
      repeated.forEachRemaining(all::append);
      System.out.println("streamed " + all);
      try {
        ClientCalls.blockingUnaryCall(channel, FAIL, CallOptions.DEFAULT, "luck");
      } catch (StatusRuntimeException expected) {
        System.out.println("failed " + expected.getStatus().getCode());
      }
      channel.shutdown();
    }
  }
}
