package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.smoke.apps.HttpClients;
import dev.tracer.smoke.apps.JakartaChainApp;
import dev.tracer.smoke.apps.JavaxChainApp;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two JVMs under tracer.jar: a request to service A, which calls service B with each HTTP client library in
 * turn, is one trace: A SERVER → A CLIENT → B SERVER → B JDBC, continuing the caller's trace.
 */
class HttpChainSmokeTest {
  static final String[] APP_JARS = {"jetty-", "jakarta.servlet-api", "slf4j-api", "tomcat-embed-core",
      "tomcat-annotations-api", "httpclient-", "httpcore-", "httpclient5-", "httpcore5", "commons-logging",
      "commons-codec", "h2-"};
  /** OkHttp 4 and its okio/kotlin, copied by the build (the test class path has the agent's OkHttp 5). */
  static final java.util.List<String> OKHTTP4_JARS = java.util.Arrays.stream(
      java.util.Objects.requireNonNull(new java.io.File("target/okhttp4-libs").listFiles(), "target/okhttp4-libs"))
      .map(java.io.File::getAbsolutePath).collect(java.util.stream.Collectors.toList());
  static final HttpClient CALLER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("jakarta", JakartaChainApp.class, "tracecontext,baggage"),
        Arguments.of("javax", JavaxChainApp.class, "tracecontext,baggage"),
        Arguments.of("jakarta", JakartaChainApp.class, "b3"),
        Arguments.of("javax", JavaxChainApp.class, "jaeger"));
  }

  static AgentProcess start(Class<?> app, OtlpReceiver receiver, String propagators, String... args) throws Exception {
    AgentProcess process = AgentProcess.builder(app)
        .classpath(AgentProcess.appClasspath(OKHTTP4_JARS, APP_JARS))
        .env("TRACER_EXPORTER", "otlp")
        .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
        .env("TRACER_SERVICE_NAME", args[0])
        .env("TRACER_PROPAGATORS", propagators)
        .env("TRACER_FLUSH_INTERVAL", "200ms")
        .env("TRACER_PEER_SERVICE_MAPPING", "127.0.0.1=back")
        .args(args)
        .start();
    process.awaitOutput("listening on ", 60);
    return process;
  }

  static int port(AgentProcess process) {
    String out = process.stdout();
    String line = out.substring(out.indexOf("listening on ") + "listening on ".length()).split("\\s")[0];
    return Integer.parseInt(line.trim());
  }

  static String hex(Random random, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return out.toString();
  }

  static HttpRequest.Builder withContext(HttpRequest.Builder request, String propagators, String trace, String parent) {
    switch (propagators) {
      case "b3":
        return request.header("b3", trace + "-" + parent + "-1");
      case "jaeger":
        return request.header("uber-trace-id", trace + ":" + parent + ":0:1");
      default:
        return request.header("traceparent", "00-" + trace + "-" + parent + "-01");
    }
  }

  @ParameterizedTest(name = "{0} with {2}")
  @MethodSource("cases")
  void eachRequestIsOneTraceAcrossBothServices(String api, Class<?> app, String propagators) throws Exception {
    Random random = new Random();
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess back = start(app, receiver, propagators, "back");
        AgentProcess front = start(app, receiver, propagators, "front", String.valueOf(port(back)))) {
      String[][] sent = new String[HttpClients.NAMES.size()][];
      for (int i = 0; i < sent.length; i++) {
        String client = HttpClients.NAMES.get(i);
        String trace = hex(random, 32);
        String parent = hex(random, 16);
        sent[i] = new String[] {client, trace, parent};
        HttpRequest request = withContext(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port(front) + "/call?client=" + client)), propagators, trace, parent).build();
        HttpResponse<String> response = CALLER.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(client + "\n" + front.dump() + back.dump()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("order 1 of ada");
      }
      // back also exports its start-up queries: wait for every request's four spans
      List<ReceivedSpan> spans = receiver.await(s -> Stream.of(sent)
          .allMatch(r -> s.stream().filter(span -> span.traceId.equals(r[1])).count() >= 4), 30);
      for (String[] request : sent) {
        String client = request[0];
        List<ReceivedSpan> trace = spans.stream().filter(s -> s.traceId.equals(request[1])).collect(Collectors.toList());
        assertThat(trace).as("%s: %s", client, spans).hasSize(4);
        ReceivedSpan aServer = one(trace, "front", "SERVER");
        ReceivedSpan aClient = one(trace, "front", "CLIENT");
        ReceivedSpan bServer = one(trace, "back", "SERVER");
        ReceivedSpan bJdbc = one(trace, "back", "CLIENT");
        assertThat(aServer.parentSpanId).as(client).isEqualTo(request[2]);
        assertThat(aServer.name).isEqualTo("GET /call");
        assertThat(aClient.parentSpanId).as(client).isEqualTo(aServer.spanId);
        assertThat(aClient.name).isEqualTo("GET");
        assertThat(aClient.attribute("peer.service")).isEqualTo("back");
        assertThat(aClient.attribute("http.response.status_code")).isEqualTo(200L);
        assertThat(bServer.parentSpanId).as(client).isEqualTo(aClient.spanId);
        assertThat(bServer.name).isEqualTo("GET /orders/*");
        assertThat(bJdbc.parentSpanId).as(client).isEqualTo(bServer.spanId);
        assertThat(bJdbc.name).isEqualTo("SELECT orders");
        assertThat(bJdbc.attribute("db.system")).isEqualTo("h2");
      }
    }
  }

  static ReceivedSpan one(List<ReceivedSpan> trace, String service, String kind) {
    List<ReceivedSpan> found = trace.stream().filter(s -> s.serviceName().equals(service) && s.kind.equals(kind))
        .collect(Collectors.toList());
    assertThat(found).as("%s %s in %s", service, kind, trace).hasSize(1);
    return found.get(0);
  }
}
