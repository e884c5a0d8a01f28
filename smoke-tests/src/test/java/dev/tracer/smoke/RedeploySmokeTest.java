package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.api.SpanListener;
import dev.tracer.smoke.apps.RedeployApp;
import dev.tracer.smoke.ext.AgentStateView;
import dev.tracer.smoke.ext.AgentStateViewMBean;
import dev.tracer.smoke.webapp.Shop;
import dev.tracer.testing.AgentProcess;
import dev.tracer.testing.OtlpReceiver;
import dev.tracer.testing.ReceivedSpan;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An application server under tracer.jar deploys a web application (its own class loader with H2, Logback and
 * SLF4J in WEB-INF/lib; an executor, a JDK HTTP client and a database it makes on deploy and releases on
 * undeploy), serves {@value #REQUESTS} requests, undeploys it, {@value #ROUNDS} times; then, in that JVM, every
 * web application class loader must be collectable, class metadata (metaspace's class space) back within 5 % of
 * its size after the first undeploy, the application's threads as many as then, and the agent's per-class-loader stores ({@code AgentState},
 * published over JMX by a test extension, {@link AgentStateView}) without the web application's loaders and as
 * large as after the first undeploy. Every round is traced alike (server span, JDBC and HTTP client spans below it, trace ids in
 * the web application's Logback lines, the helper classes injected into that round's loader) and nothing logs an
 * error. Embedded Tomcat 10.1 and Jetty 12 (ee10), each in a JVM of its own.
 */
class RedeploySmokeTest {
  static final int ROUNDS = 30;
  static final int REQUESTS = 20;

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"tomcat", "jetty"})
  void undeployedWebApplicationsAreCollected(String container) throws Exception {
    Path redeploy = Paths.get(System.getProperty("redeploy.dir", "target/redeploy"));
    Path webapp = webapp(redeploy);
    Path extension = ExtensionJars.jar(dir.resolve("ext/agent-state.jar"),
        Map.of(SpanListener.class, List.of(AgentStateView.class.getName())), AgentStateView.class,
        AgentStateViewMBean.class);
    List<String> serverJars = new ArrayList<>();
    if (container.equals("tomcat")) {
      serverJars.addAll(jars(redeploy.resolve("tomcat")));
    }
    String classpath = container.equals("tomcat") ? AgentProcess.appClasspath(serverJars)
        : AgentProcess.appClasspath("jetty-", "jakarta.servlet-api-", "slf4j-api-");

    try (OtlpReceiver receiver = new OtlpReceiver();
        AgentProcess app = AgentProcess.builder(RedeployApp.class).classpath(classpath)
            .env("TRACER_EXPORTER", "otlp")
            .env("TRACER_OTLP_ENDPOINT", receiver.endpoint())
            .env("TRACER_SERVICE_NAME", "shop")
            .env("TRACER_FLUSH_INTERVAL", "200ms")
            .env("TRACER_METRICS_EXPORTER", "none") // its exporter starts its threads a minute in
            .env("TRACER_EXTENSIONS", extension.toString())
            // Tomcat's leak detection (thread locals left on its threads are reported as SEVERE) needs these
            .jvmArg("--add-opens=java.base/java.lang=ALL-UNNAMED")
            .jvmArg("--add-opens=java.base/java.io=ALL-UNNAMED")
            .jvmArg("--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED")
            .jvmArg("-Dredeploy.hold=120000")
            .args(container, webapp.toString(), String.valueOf(ROUNDS), String.valueOf(REQUESTS))
            .start()) {
      app.awaitOutput("holding", 150);
      String out = app.stdout();
      String dump = app.dump();

      assertThat(line(out, "loaders alive ")).as(dump).isEqualTo("0 of " + ROUNDS);
      // class metadata: an undeployed application kept alive keeps all of its classes (about 30 % of it here).
      // Metaspace as a whole grows about 0.5 % a round with no agent at all (the JIT's profiles and the like), so
      // the 5 % bound is on the classes' part of it
      String[] classSpace = line(out, "class space first ").split(" last ");
      assertThat(Long.parseLong(classSpace[1])).as("class metadata after the last undeploy\n" + dump)
          .isLessThanOrEqualTo(Long.parseLong(classSpace[0]) * 105 / 100);
      String[] threads = line(out, "threads first ").split(" last ");
      assertThat(threads[1]).as("threads after the last undeploy\n" + dump).isEqualTo(threads[0]);
      // the agent's per-class-loader stores: the deployed application's loader is in them, the undeployed one
      // not; after the first round (the container's own loaders get theirs on its first request) they stay as large
      String deployed = line(out, "states deployed ");
      String loaderClass = deployed.substring(deployed.indexOf(" webapp loader ") + " webapp loader ".length());
      assertThat(deployed).as(dump).contains(loaderClass + "=");
      assertThat(line(out, "states first ")).as(dump).contains("helpers-injected=", "type-descriptions=")
          .doesNotContain(loaderClass);
      assertThat(line(out, "states after ")).as("the agent's per-class-loader stores\n" + dump)
          .isEqualTo(line(out, "states first "));
      for (int round = 1; round <= ROUNDS; round++) {
        for (String helper : List.of("JdbcStatements", "LoggingEventIds")) {
          assertThat(out).as(dump).contains("round " + round + " helper " + helper + " in the webapp loader");
        }
      }

      int requests = ROUNDS * REQUESTS;
      List<ReceivedSpan> spans = receiver.await(s -> servers(s).size() >= requests && s.size() >= 3 * requests, 60);
      List<ReceivedSpan> servers = servers(spans);
      assertThat(servers).as(dump).hasSize(requests);
      assertThat(servers.get(0).name).startsWith("GET");
      assertThat(servers).extracting(s -> s.name).as("every round's server spans named alike").containsOnly(servers.get(0).name);
      Map<String, List<ReceivedSpan>> children = spans.stream().filter(s -> s.parentSpanId != null)
          .collect(Collectors.groupingBy(s -> s.parentSpanId));
      for (ReceivedSpan server : servers) {
        List<ReceivedSpan> below = children.getOrDefault(server.spanId, List.of());
        assertThat(below).as("below %s", server).anySatisfy(s -> assertThat(s.attribute("db.system")).isEqualTo("h2"));
        assertThat(below).as("below %s", server).anySatisfy(s -> {
          assertThat(s.kind).isEqualTo("CLIENT");
          assertThat(String.valueOf(s.attribute("url.full"))).endsWith("/stock");
        });
      }
      Set<String> traces = servers.stream().map(s -> s.traceId).collect(Collectors.toSet());
      List<String> logged = out.lines().filter(l -> l.startsWith("INFO ShopServlet trace=")).collect(Collectors.toList());
      assertThat(logged).as(dump).hasSize(requests);
      assertThat(logged).allSatisfy(l -> assertThat(traces).contains(l.substring("INFO ShopServlet trace=".length(), l.indexOf(" served"))));

      List<String> errors = Stream.concat(out.lines(), app.stderr().lines())
          .filter(l -> l.contains("SEVERE") || l.contains("ERROR") || l.contains("Exception")
              || l.startsWith("[tracer] WARN") && !l.contains("export")) // an export cut short at exit is not this test's
          .collect(Collectors.toList());
      assertThat(errors).as(dump).isEmpty();
    }
  }

  private static List<ReceivedSpan> servers(List<ReceivedSpan> spans) {
    return spans.stream().filter(s -> s.kind.equals("SERVER")).collect(Collectors.toList());
  }

  private static String line(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + prefix + "...' in\n" + out));
  }

  /** The web application folder: web.xml and logback.xml, its classes, its WEB-INF/lib. */
  private Path webapp(Path redeploy) throws Exception {
    Path webapp = dir.resolve("shop");
    Path resources = Paths.get(RedeploySmokeTest.class.getResource("/redeploy-webapp/WEB-INF/web.xml").toURI()).getParent().getParent();
    copyTree(resources, webapp);
    Path classes = Paths.get(Shop.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    copyTree(classes.resolve("dev/tracer/smoke/webapp"), webapp.resolve("WEB-INF/classes/dev/tracer/smoke/webapp"));
    copyTree(redeploy.resolve("webapp-lib"), webapp.resolve("WEB-INF/lib"));
    return webapp;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static List<String> jars(Path folder) throws IOException {
    List<String> jars = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.jar")) {
      files.forEach(f -> jars.add(f.toAbsolutePath().toString()));
    }
    return jars;
  }
}
