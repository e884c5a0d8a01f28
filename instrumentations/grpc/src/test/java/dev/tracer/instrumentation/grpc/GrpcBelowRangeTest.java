package dev.tracer.instrumentation.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tracer.testing.AgentConsole;
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
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * grpc-java 1.39, below the range (the tests start at 1.40.0, which brought
 * {@code io.grpc.ServerCallExecutorSupplier}): one "not supported" line, no spans, and the application's calls
 * work as without the agent, an error status included. Run by the execution {@code below} only.
 */
class GrpcBelowRangeTest {
  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    TestedVersions.assertLoaded(MethodDescriptor.class);

    MethodDescriptor<String, String> say = GrpcTest.method(MethodDescriptor.MethodType.UNARY, "Say");
    MethodDescriptor<String, String> fail = GrpcTest.method(MethodDescriptor.MethodType.UNARY, "Fail");
    ServerServiceDefinition echo = ServerServiceDefinition.builder("test.v1.Echo")
        .addMethod(say, ServerCalls.asyncUnaryCall((request, response) -> {
          response.onNext("hello " + request);
          response.onCompleted();
        }))
        .addMethod(fail, ServerCalls.asyncUnaryCall((request, response) ->
            response.onError(Status.NOT_FOUND.withDescription("no " + request).asRuntimeException())))
        .build();
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(echo).build().start();
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    try {
      assertThat(ClientCalls.blockingUnaryCall(channel, say, CallOptions.DEFAULT, "ann")).isEqualTo("hello ann");
      assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, fail, CallOptions.DEFAULT, "order"))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(e.getStatus().getDescription()).isEqualTo("no order");
          });
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    assertThat(AgentConsole.notSupported("grpc")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }
}
