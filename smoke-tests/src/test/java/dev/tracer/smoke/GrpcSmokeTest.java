package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.GrpcApps;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A gRPC client JVM calls a gRPC server JVM, both under tracer.jar: one trace per call, across the two JVMs. */
class GrpcSmokeTest {
  static final String[] GRPC_JARS = {"grpc-", "guava-", "failureaccess-", "perfmark-", "animal-sniffer-", "error_prone_"};

  @Test
  void clientAndServerSpansOfUnaryStreamingAndFailingCalls() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess server = AgentProcess.builder(GrpcApps.ServerMain.class)
            .classpath(AgentProcess.appClasspath(GRPC_JARS))
            .env("TRACER_EXPORTER", "otlp")
            .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
            .env("TRACER_SERVICE_NAME", "grpc-server")
            .start()) {
      server.awaitOutput("listening ", 30);
      String port = server.stdout().replaceAll("(?s).*listening (\\d+).*", "$1");
      AgentProcess client = AgentProcess.builder(GrpcApps.ClientMain.class)
          .classpath(AgentProcess.appClasspath(GRPC_JARS))
          .env("TRACER_EXPORTER", "otlp")
          .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
          .env("TRACER_SERVICE_NAME", "grpc-client")
          .args(port)
          .run(60);
      client.assertSucceeded();
      assertThat(client.stdout()).contains("answer hello smoke").contains("streamed r0r1r2").contains("failed NOT_FOUND");

      List<ReceivedSpan> spans = receiver.awaitSpans(6, 15);
      assertThat(spans).as(client.dump() + server.dump()).hasSize(6);
      for (String method : new String[] {"Say", "Repeat", "Fail"}) {
        List<ReceivedSpan> call = spans.stream().filter(s -> s.name.equals("smoke.Echo/" + method)).collect(Collectors.toList());
        assertThat(call).hasSize(2);
        ReceivedSpan clientSpan = call.stream().filter(s -> s.kind.equals("CLIENT")).findFirst().orElseThrow();
        ReceivedSpan serverSpan = call.stream().filter(s -> s.kind.equals("SERVER")).findFirst().orElseThrow();
        assertThat(clientSpan.serviceName()).isEqualTo("grpc-client");
        assertThat(serverSpan.serviceName()).isEqualTo("grpc-server");
        assertThat(clientSpan.isRoot()).isTrue();
        assertThat(serverSpan.traceId).isEqualTo(clientSpan.traceId);
        assertThat(serverSpan.parentSpanId).isEqualTo(clientSpan.spanId);
        long code = method.equals("Fail") ? 5 : 0;
        for (ReceivedSpan span : call) {
          assertThat(span.attribute("rpc.system")).isEqualTo("grpc");
          assertThat(span.attribute("rpc.service")).isEqualTo("smoke.Echo");
          assertThat(span.attribute("rpc.method")).isEqualTo(method);
          assertThat(span.attribute("rpc.grpc.status_code")).isEqualTo(code);
          assertThat(span.status).isEqualTo(code == 0 ? "UNSET" : "ERROR");
        }
      }
    }
  }
}
