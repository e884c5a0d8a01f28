package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's first command: the two-service example under tracer.jar prints its spans, one trace per request. */
class ExampleSmokeTest {
  @Test
  void exampleApplicationPrintsItsSpans() throws Exception {
    File jar = new File("../examples/app/target/example-app.jar");
    assertThat(jar).as("built by the examples module").isFile();
    AgentProcess app = AgentProcess.jarBuilder(jar.getPath()).run(60);
    app.assertSucceeded();
    assertThat(app.stdout()).contains("done");
    assertThat(app.stderr())
        .contains("[tracer] span CLIENT 'CREATE orders'")
        .contains("[tracer] span CLIENT 'INSERT orders'")
        .contains("[tracer] span CLIENT 'SELECT orders'")
        .contains("db.statement=SELECT customer, total FROM orders WHERE total > ? ORDER BY id")
        .containsPattern("span CLIENT 'SELECT missing_table' .* ERROR");
    assertThat(app.stdout()).contains("front GET /orders/1: 200 ada 10.50").contains("front GET /orders/3: 200 linus 30.50");
    // one request to front is one trace across both JVMs: front SERVER, front CLIENT, back SERVER, back SELECT
    assertThat(traces(app.stderr()).values()).as(app.stderr()).filteredOn(ExampleSmokeTest::isOneRequest)
        .hasSize(2);
    assertLogLinesCarryTheirSpans(app);
    assertOrderLookupIsASpanOfItsRequest(app.stderr(), "1");
    assertOrderLookupIsASpanOfItsRequest(app.stderr(), "3");
  }

  /**
   * The back service's {@code @WithSpan} lookup (its {@code @SpanAttribute} the order id) sits between the back
   * SERVER span and the query: SERVER → INTERNAL {@code Orders.find} → CLIENT {@code SELECT orders}.
   */
  private static void assertOrderLookupIsASpanOfItsRequest(String stderr, String orderId) {
    Map<String, String[]> byId = new HashMap<>();
    Matcher span = Pattern.compile("span (\\w+) '([^']*)'[^\\n]*? trace=(\\w+) span=(\\w+) parent=([\\w-]+) \\{([^\\n]*)\\}")
        .matcher(stderr);
    String[] find = null;
    while (span.find()) {
      String[] fields = {span.group(1), span.group(2), span.group(3), span.group(4), span.group(5), span.group(6)};
      byId.put(fields[3], fields);
      if (fields[1].equals("Orders.find") && fields[5].contains("order.id=" + orderId)) {
        find = fields;
      }
    }
    assertThat(find).as("INTERNAL Orders.find of order " + orderId + " in\n" + stderr).isNotNull();
    assertThat(find[0]).isEqualTo("INTERNAL");
    assertThat(find[5]).contains("code.namespace=dev.tracer.example.Orders", "code.function=find");
    assertThat(byId.get(find[4])).as("its parent").isNotNull();
    assertThat(byId.get(find[4])[0] + " " + byId.get(find[4])[1]).isEqualTo("SERVER GET /orders/*");
    String lookup = find[3];
    assertThat(byId.values()).as("the query below it")
        .anyMatch(s -> s[1].equals("SELECT orders") && s[4].equals(lookup));
  }

  /**
   * The example logs through Logback, its pattern showing {@code %X{trace_id}} and {@code %X{span_id}}: a line
   * logged while a request is served (front, and back relayed by front) carries the ids of that service's SERVER
   * span, both of one trace; the line logged outside any request carries none.
   */
  private static void assertLogLinesCarryTheirSpans(AgentProcess app) {
    Set<String> serverSpans = new HashSet<>();
    Matcher server = Pattern.compile("span SERVER 'GET /orders/\\*'[^\\n]*? trace=(\\w+) span=(\\w+)").matcher(app.stderr());
    while (server.find()) {
      serverSpans.add(server.group(1) + " " + server.group(2));
    }
    Map<String, String> ids = new HashMap<>();
    Matcher line = Pattern.compile("INFO  \\w+ trace_id=(\\w*) span_id=(\\w*) - (.*)").matcher(app.stdout());
    while (line.find()) {
      ids.put(line.group(3).trim(), line.group(1) + " " + line.group(2));
    }
    assertThat(ids.entrySet()).as(app.stdout()).filteredOn(e -> e.getKey().startsWith("back service up on port "))
        .extracting(Map.Entry::getValue).containsExactly(" ");
    for (String[] order : new String[][] {{"1", "ada 10.50"}, {"3", "linus 30.50"}}) {
      String front = ids.get("asking back for order " + order[0]);
      String back = ids.get("order " + order[0] + ": " + order[1]);
      assertThat(serverSpans).as(app.stdout()).contains(front, back);
      assertThat(front.split(" ")[0]).as("one trace").isEqualTo(back.split(" ")[0]);
      assertThat(front).isNotEqualTo(back);
    }
  }

  /** {@code TRACER_INSTRUMENTATION_LOG_MDC_ENABLED=false}: the same lines, without ids. */
  @Test
  void logMdcTurnedOffLeavesTheLinesWithoutIds() throws Exception {
    File jar = new File("../examples/app/target/example-app.jar");
    AgentProcess app = AgentProcess.jarBuilder(jar.getPath()).env("TRACER_INSTRUMENTATION_LOG_MDC_ENABLED", "false").run(60);
    app.assertSucceeded();
    assertThat(app.stderr()).contains("span SERVER 'GET /orders/*'");
    assertThat(app.stdout()).contains("INFO  FrontService trace_id= span_id= - asking back for order 1")
        .contains("back: INFO  BackService trace_id= span_id= - order 3: linus 30.50")
        .doesNotContainPattern("trace_id=\\w");
  }

  /**
   * {@code serve <port>} (what the overhead harness runs): front serves until stopped; stopping it stops back,
   * and both agents flush, so the request is one trace of four spans across the two JVMs.
   */
  @Test
  void serveModeServesUntilStoppedAndStopsBackWithIt() throws Exception {
    File jar = new File("../examples/app/target/example-app.jar");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    AgentProcess app = AgentProcess.jarBuilder(jar.getPath()).args("serve", String.valueOf(port)).start();
    try {
      app.awaitOutput("front listening on " + port, 60);
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/2")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("grace 20.50");
      List<ProcessHandle> back = app.process().toHandle().children().collect(Collectors.toList());
      assertThat(back).as("the back service's JVM").hasSize(1);

      app.process().destroy(); // SIGTERM, as a service manager stops a service
      assertThat(app.process().waitFor(30, TimeUnit.SECONDS)).as("front ended").isTrue();
      assertThat(back.get(0).isAlive()).as("back ended with front").isFalse();
      assertThat(traces(app.stderr()).values()).as(app.stderr()).filteredOn(ExampleSmokeTest::isOneRequest)
          .hasSize(1);
    } finally {
      app.close();
    }
  }

  /** The logging exporter's span lines, {@code KIND 'name'}, grouped by trace id. */
  private static Map<String, List<String>> traces(String stderr) {
    Map<String, List<String>> traces = new HashMap<>();
    Matcher span = Pattern.compile("span (\\w+ '[^']*')[^\\n]*? trace=(\\w+)").matcher(stderr);
    while (span.find()) {
      traces.computeIfAbsent(span.group(2), t -> new ArrayList<>()).add(span.group(1));
    }
    return traces;
  }

  /** One request to front: front SERVER, front CLIENT, back SERVER, back's {@code @WithSpan} lookup, back SELECT. */
  private static boolean isOneRequest(List<String> trace) {
    return trace.contains("CLIENT 'SELECT orders'") && trace.contains("CLIENT 'GET'")
        && trace.contains("INTERNAL 'Orders.find'")
        && trace.stream().filter(s -> s.equals("SERVER 'GET /orders/*'")).count() == 2;
  }

  /** With the example extension's root span, the logging exporter prints the run as one tree. */
  @Test
  void exampleWithTheExtensionPrintsOneTree() throws Exception {
    File jar = new File("../examples/app/target/example-app.jar");
    File extension = new File("../examples/extension/target/example-extension.jar");
    assertThat(extension).as("built by the examples module").isFile();
    AgentProcess app = AgentProcess.jarBuilder(jar.getPath()).env("TRACER_EXTENSIONS", extension.getPath()).run(60);
    app.assertSucceeded();
    List<String> all = app.stderr().lines().filter(l -> l.startsWith("[tracer] trace ") || l.contains("span "))
        .collect(Collectors.toList());
    // the back service runs ExampleApp.run; the HTTP requests that follow are traces of their own
    int run = all.indexOf(all.stream().filter(l -> l.contains("'ExampleApp.run'")).findFirst().orElseThrow());
    List<String> lines = all.subList(run - 1, Math.min(run + 7, all.size()));
    assertThat(lines).hasSize(8);
    assertThat(lines.get(0)).matches("\\[tracer\\] trace [0-9a-f]{32}: 7 spans, [0-9.]+ms");
    assertThat(lines.get(1)).startsWith("[tracer] span INTERNAL 'ExampleApp.run' ").containsPattern("\\|#{24}\\|");
    assertThat(lines.get(2)).startsWith("[tracer]   span CLIENT 'CREATE orders' ");
    assertThat(lines.subList(3, 6)).allMatch(l -> l.startsWith("[tracer]   span CLIENT 'INSERT orders' "));
    assertThat(lines.get(6)).startsWith("[tracer]   span CLIENT 'SELECT orders' ");
    assertThat(lines.get(7)).startsWith("[tracer]   span CLIENT 'SELECT missing_table' ").contains("| ERROR trace=");
    // one column for durations and bars
    assertThat(lines.subList(1, 8)).extracting(l -> l.indexOf('|')).containsOnly(lines.get(1).indexOf('|'));
    // the extension's listener tags every HTTP server span (both services) and every database span
    List<String> servers = all.stream().filter(l -> l.contains("span SERVER 'GET /orders/*'")).collect(Collectors.toList());
    assertThat(servers).hasSize(4).allMatch(l -> l.contains("example.team=orders"));
    assertThat(all.stream().filter(l -> l.contains("span CLIENT 'GET'"))).isNotEmpty()
        .noneMatch(l -> l.contains("example.team"));
  }
}
