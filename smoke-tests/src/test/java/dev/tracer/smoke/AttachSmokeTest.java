package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar tracer.jar attach}: applications started without the agent, whose classes on the request path
 * are all loaded (they have served requests), are traced from the attach on, with the same answers; a second
 * attach changes nothing; and each error is one line.
 */
class AttachSmokeTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static Stream<String> jdks() {
    return AgentProcess.javaHomes().stream();
  }

  /** The example's two services (Jetty, JDK HttpClient, H2, Logback), each attached to while it runs. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("jdks")
  void exampleIsTracedFromTheAttachOn(String javaHome) throws Exception {
    int port = MetricsSmokeTest.freePort();
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess app = AgentProcess.jarBuilder(System.getProperty("example.app.jar", "../examples/app/target/example-app.jar"))
            .withoutAgent().javaHome(javaHome)
            // front's HTTP client drops a pooled connection to back idle for 5 s: on a busy machine the attaches can
            // take as long as Jetty's idle timeout (30 s), and a GET on a connection Jetty closes at that moment is
            // sent again by the JDK client (two back requests in one trace, with or without an agent)
            .jvmArg("-Djdk.httpclient.keepalive.timeout=5")
            .args("serve", String.valueOf(port), "log").start()) {
      app.awaitOutput("front listening on " + port, 60);
      String base = "http://127.0.0.1:" + port + "/orders/";
      // before the attach: every class a request goes through is loaded
      Map<String, String> answers = new LinkedHashMap<>();
      for (String id : new String[] {"1", "2", "3"}) {
        answers.put(id, get(base + id));
      }
      assertThat(answers.get("2")).isEqualTo("200 grace 20.50");
      long back = app.process().toHandle().children().findFirst().orElseThrow().pid();
      String[] list = CliSmokeTest.run(javaHome, new LinkedHashMap<>(), List.of(), "attach", "--list");
      assertThat(list[0]).isEqualTo("0");
      assertThat(list[1]).containsPattern("(?m)^" + app.process().pid() + " +\\S*example-app\\.jar serve " + port + " log$")
          .containsPattern("(?m)^" + back + " +dev\\.tracer\\.example\\.ExampleApp back$");

      Map<String, String> env = new LinkedHashMap<>();
      env.put("TRACER_EXPORTER", "otlp");
      env.put("TRACER_OTLP_ENDPOINT", receiver.endpoint());
      env.put("TRACER_FLUSH_INTERVAL", "250ms");
      // front by what it runs (its port makes it the only match), back by pid
      String[] front = CliSmokeTest.run(javaHome, env, List.of(), "attach", "serve " + port + " log");
      assertThat(front[0]).as(front[1]).isEqualTo("0");
      assertThat(front[1]).contains("attached to pid " + app.process().pid())
          .contains("settings handed over: TRACER_EXPORTER, TRACER_FLUSH_INTERVAL, TRACER_OTLP_ENDPOINT");
      String[] backAttach = CliSmokeTest.run(javaHome, env, List.of(), "attach", String.valueOf(back));
      assertThat(backAttach[0]).as(backAttach[1]).isEqualTo("0");
      app.awaitOutput("[tracer] attached in ", 10);
      assertThat(app.stderr()).containsPattern("classes already loaded and instrumented: [1-9]");

      for (String id : answers.keySet()) {
        assertThat(get(base + id)).as("the same answer as before").isEqualTo(answers.get(id));
      }
      Map<String, List<ReceivedSpan>> traces = requests(receiver, 3);
      assertThat(traces.keySet()).as(app.dump()).containsExactlyInAnyOrder("1", "2", "3");
      traces.values().forEach(AttachSmokeTest::assertOneRequest);
      // log lines: none carried ids before the attach, every one does from then on
      String trace2 = traces.get("2").get(0).traceId;
      assertThat(logIds(app.stdout(), "asking back for order 2")).containsExactly("", trace2);
      assertThat(logIds(app.stdout(), "order 2: grace 20.50")).containsExactly("", trace2);

      // twice is once: the second attach says so (here and in the target's log) and changes nothing
      String[] again = CliSmokeTest.run(javaHome, env, List.of(), "attach", String.valueOf(app.process().pid()));
      assertThat(again[0]).isEqualTo("1");
      assertThat(again[1].trim()).matches("tracer: tracer already runs in pid \\d+ \\(.*, since \\S+ attach\\): nothing changed");
      app.awaitOutput("already running in this JVM", 10);
      receiver.clear();
      assertThat(get(base + "1")).isEqualTo(answers.get("1"));
      assertThat(get(base + "3")).isEqualTo(answers.get("3"));
      // duplicates of the first request would be exported before the second request's spans
      Map<String, List<ReceivedSpan>> once = requests(receiver, 2);
      assertThat(once.get("1")).as("no span twice").hasSize(5);

      // the application does not depend on the receiver
      receiver.close();
      assertThat(get(base + "2")).isEqualTo(answers.get("2"));
    }
  }

  /** A Spring Boot executable jar (Tomcat, Spring MVC, Hibernate on H2 through its nested-jar class loaders). */
  @Test
  void springBootApplicationIsTracedFromTheAttachOn() throws Exception {
    Path jar = Paths.get(System.getProperty("test.apps.dir", "../test-apps"), "spring-boot-mvc", "target", "spring-boot-mvc.jar");
    int port = MetricsSmokeTest.freePort();
    String base = "http://127.0.0.1:" + port + "/shop";
    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess app = AgentProcess.jarBuilder(jar.toString()).withoutAgent()
            .args("--server.port=" + port, "--server.servlet.context-path=/shop").start()) {
      app.awaitOutput("Started ShopApplication", 240);
      String created = post(base + "/orders/new", "customer=ada");
      String order = get(base + "/orders/1");
      String byCustomer = get(base + "/customers/ada/orders");

      Map<String, String> env = new LinkedHashMap<>();
      env.put("TRACER_EXPORTER", "otlp");
      env.put("TRACER_OTLP_ENDPOINT", receiver.endpoint());
      env.put("TRACER_SERVICE_NAME", "shop");
      String[] attach = CliSmokeTest.run(System.getProperty("java.home"), env, List.of(), "attach",
          String.valueOf(app.process().pid()));
      assertThat(attach[0]).as(attach[1]).isEqualTo("0");

      assertThat(get(base + "/orders/1")).isEqualTo(order);
      assertThat(get(base + "/customers/ada/orders")).isEqualTo(byCustomer);
      assertThat(created).isEqualTo("200 1");
      assertThat(post(base + "/orders/new", "customer=bob")).isEqualTo("200 2");
      List<ReceivedSpan> spans = receiver.await(s -> s.stream().filter(span -> span.kind.equals("SERVER")).count() >= 3, 30);
      Map<String, ReceivedSpan> servers = spans.stream().filter(s -> s.kind.equals("SERVER"))
          .collect(Collectors.toMap(s -> s.name, s -> s));
      assertThat(servers.keySet()).as(app.dump())
          .containsExactlyInAnyOrder("GET /shop/orders/{id}", "GET /shop/customers/{customer}/orders", "POST /shop/orders/new");
      servers.values().forEach(server -> {
        assertThat(server.serviceName()).isEqualTo("shop");
        assertThat(server.isRoot()).isTrue();
        // each request's statements, through the connection pool opened before the attach
        assertThat(spans).as("%s", server).anySatisfy(s -> {
          assertThat(s.traceId).isEqualTo(server.traceId);
          assertThat(s.kind).isEqualTo("CLIENT");
          assertThat(s.attribute("db.system")).isEqualTo("h2");
        });
      });
    }
  }

  /** The errors, one line each, exit code 1 (2 for a wrong command line). */
  @Test
  void eachErrorIsOneLine() throws Exception {
    String java = System.getProperty("java.home");
    Map<String, String> none = new LinkedHashMap<>();
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor(10, TimeUnit.SECONDS);
    assertError(CliSmokeTest.run(java, none, List.of(), "attach", String.valueOf(ended.pid())),
        "tracer: no process with pid " + ended.pid());

    Process sleeping = new ProcessBuilder("sleep", "60").start();
    try {
      String[] notJvm = CliSmokeTest.run(java, none, List.of(), "attach", String.valueOf(sleeping.pid()));
      assertThat(notJvm[0]).as(notJvm[1]).isEqualTo("1");
      assertThat(notJvm[1].trim()).matches("tracer: pid " + sleeping.pid() + " is not a Java virtual machine \\(\\S*/sleep\\)");
      assertThat(sleeping.isAlive()).as("never signalled").isTrue();
    } finally {
      sleeping.destroy();
    }

    // a process of another user: the machine's database servers run as their own users
    String user = System.getProperty("user.name");
    Optional<ProcessHandle> foreign = ProcessHandle.allProcesses()
        .filter(p -> p.info().user().isPresent() && !p.info().user().get().equals(user)).findFirst();
    assertThat(foreign).as("a process of a user other than " + user).isPresent();
    String owner = foreign.get().info().user().get();
    assertError(CliSmokeTest.run(java, none, List.of(), "attach", String.valueOf(foreign.get().pid())),
        "tracer: pid " + foreign.get().pid() + " runs as user " + owner + ", this command as " + user
            + ": the JDK attaches only to JVMs of the same user (run it as " + owner + ")");

    // a runtime without the jdk.attach module, as a JRE is
    assertError(CliSmokeTest.run(java, none, List.of("--limit-modules", "java.base,java.instrument"), "attach", "1"),
        "tracer: this Java runtime has no jdk.attach module (a JRE?): run attach with the java of a JDK");

    assertError(CliSmokeTest.run(java, none, List.of(), "attach", "no-such-application-runs-here"),
        "tracer: no Java virtual machine of user " + user + " runs something named like 'no-such-application-runs-here'"
            + " (see attach --list)");
    String[] usage = CliSmokeTest.run(java, none, List.of(), "attach");
    assertThat(usage[0]).isEqualTo("2");
    assertThat(usage[1].trim().lines()).hasSize(1);
  }

  private static void assertError(String[] result, String line) {
    assertThat(result[0]).as(result[1]).isEqualTo("1");
    assertThat(result[1].trim()).isEqualTo(line);
  }

  /**
   * A request's trace: front SERVER → front CLIENT → back SERVER → back's {@code @WithSpan} method → back SELECT,
   * routes named, by service.
   */
  private static void assertOneRequest(List<ReceivedSpan> trace) {
    assertThat(trace).extracting(s -> s.serviceName() + " " + s.kind + " " + s.name).containsExactlyInAnyOrder(
        "example-app SERVER GET /orders/*", "example-app CLIENT GET", "example-back SERVER GET /orders/*",
        "example-back INTERNAL Orders.find", "example-back CLIENT SELECT orders");
    ReceivedSpan frontServer = one(trace, "example-app", "SERVER");
    ReceivedSpan frontClient = one(trace, "example-app", "CLIENT");
    ReceivedSpan backServer = one(trace, "example-back", "SERVER");
    ReceivedSpan find = one(trace, "example-back", "INTERNAL");
    ReceivedSpan select = one(trace, "example-back", "CLIENT");
    assertThat(frontServer.isRoot()).isTrue();
    assertThat(frontServer.attribute("http.route")).isEqualTo("/orders/*");
    assertThat(frontClient.parentSpanId).isEqualTo(frontServer.spanId);
    assertThat(backServer.parentSpanId).isEqualTo(frontClient.spanId);
    assertThat(find.parentSpanId).isEqualTo(backServer.spanId);
    assertThat(select.parentSpanId).isEqualTo(find.spanId);
  }

  private static ReceivedSpan one(List<ReceivedSpan> trace, String service, String kind) {
    return trace.stream().filter(s -> s.serviceName().equals(service) && s.kind.equals(kind)).findFirst().orElseThrow();
  }

  /** Waits for {@code count} complete requests; returns each request's spans by order id. */
  private static Map<String, List<ReceivedSpan>> requests(OtlpReceiver receiver, int count) throws InterruptedException {
    List<ReceivedSpan> spans = receiver.await(s -> complete(s).size() >= count, 30);
    return complete(spans);
  }

  private static Map<String, List<ReceivedSpan>> complete(List<ReceivedSpan> spans) {
    Map<String, List<ReceivedSpan>> byTrace = spans.stream().collect(Collectors.groupingBy(s -> s.traceId));
    Map<String, List<ReceivedSpan>> byOrder = new LinkedHashMap<>();
    byTrace.values().stream().filter(trace -> trace.size() >= 5).forEach(trace -> trace.stream()
        .filter(s -> s.kind.equals("SERVER") && s.serviceName().equals("example-app")).findFirst()
        .ifPresent(server -> byOrder.put(String.valueOf(server.attribute("url.path")).replace("/orders/", ""), trace)));
    return byOrder;
  }

  /** The trace ids of the log lines ending with {@code message}, in order (empty: logged outside a trace). */
  private static List<String> logIds(String stdout, String message) {
    List<String> ids = new ArrayList<>();
    Matcher line = Pattern.compile("trace_id=(\\w*) span_id=\\w* - " + Pattern.quote(message) + "$", Pattern.MULTILINE)
        .matcher(stdout);
    while (line.find()) {
      ids.add(line.group(1));
    }
    return ids;
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static String post(String url, String form) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }
}
