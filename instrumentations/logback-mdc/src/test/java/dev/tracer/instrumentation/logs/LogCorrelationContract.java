package dev.tracer.instrumentation.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.bootstrap.CurrentTrace;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.Waiting;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What log correlation must do with any logging library, under the agent: each subclass sets up its library's
 * sync and async appenders ({@link Sink}s, each formatting a line as {@code trace id|span id|flags|user|message}
 * from the context data) and calls {@link #start}. The requests are served by Tomcat (traced by the servlet
 * instrumentation) on 4 threads, and each hands a task to a pool of 4 threads (the executors instrumentation
 * carries the context there).
 */
public abstract class LogCorrelationContract {
  /** An application logger and its appender; the lines its appender formatted. */
  public interface Sink {
    void info(String message);

    List<String> lines();
  }

  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static List<Sink> sinks;
  private static Tomcat tomcat;
  private static int port;
  private static ExecutorService pool;

  /** The application's own MDC (SLF4J's MDC, Log4j's ThreadContext). */
  protected abstract void putMdc(String key, String value);

  protected abstract void removeMdc(String key);

  protected abstract String getMdc(String key);

  /** {@code %X{trace_id}|%X{span_id}|%X{trace_flags}|%X{user}|}, with the configured key names. */
  protected static String mdcFields(String syntax) {
    StringBuilder pattern = new StringBuilder();
    for (String key : CurrentTrace.keys()) {
      pattern.append(String.format(syntax, key)).append('|');
    }
    return pattern.append(String.format(syntax, "user")).append('|').toString();
  }

  /** After the agent is installed and the logging set up: starts Tomcat with the servlet that logs. */
  protected static void start(List<Sink> logSinks) throws Exception {
    sinks = logSinks;
    pool = Executors.newFixedThreadPool(4);
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("maxThreads", "4");
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "log", new LoggingServlet());
    context.addServletMappingDecoded("/log/*", "log");
    tomcat.start();
    port = tomcat.getConnector().getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    if (tomcat != null) {
      tomcat.stop();
      tomcat.destroy();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  /** Logs "request n" on the request's thread and "task n" in a task of the pool, to every sink. */
  static final class LoggingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      String n = req.getPathInfo().substring(1);
      for (Sink sink : sinks) {
        sink.info("request " + n);
      }
      try {
        pool.submit(() -> {
          for (Sink sink : sinks) {
            sink.info("task " + n);
          }
        }).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IOException(e);
      }
      resp.getWriter().write("logged " + n);
    }
  }

  @Test
  void theLinesOfARequestCarryTheIdsOfItsServerSpan() throws Exception {
    assertThat(get("/log/single")).isEqualTo(200);
    SpanData server = AgentTesting.spans(1).get(0);
    assertThat(server.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(server.getAttributes().get(URL_PATH)).isEqualTo("/log/single");
    String ids = ids(server.getSpanContext());
    for (Sink sink : sinks) {
      assertThat(line(sink, "request single")).isEqualTo(ids + "|request single");
      assertThat(line(sink, "task single")).isEqualTo(ids + "|task single");
    }
  }

  @Test
  void idsFollowTheCurrentSpanAndTheApplicationsEntriesStayAsTheyWere() {
    String traceKey = CurrentTrace.keys()[CurrentTrace.TRACE_ID];
    putMdc("user", "alice");
    try {
      logToAll("outside");
      Span parent = AgentTesting.tracing().tracer.spanBuilder("parent").startSpan();
      Span child;
      try (Scope ignored = parent.makeCurrent()) {
        logToAll("parent");
        child = AgentTesting.tracing().tracer.spanBuilder("child").startSpan();
        try (Scope alsoIgnored = child.makeCurrent()) {
          logToAll("child");
        } finally {
          child.end();
        }
        logToAll("parent again");
        putMdc(traceKey, "from-the-app");
        logToAll("the application's own trace id");
        removeMdc(traceKey);
      } finally {
        parent.end();
      }
      logToAll("after");

      String parentIds = ids(parent.getSpanContext());
      String childIds = ids(child.getSpanContext());
      assertThat(childIds).startsWith(parent.getSpanContext().getTraceId() + "|");
      for (Sink sink : sinks) {
        assertThat(line(sink, "outside")).isEqualTo("|||alice|outside");
        assertThat(line(sink, "parent")).isEqualTo(parentIds + "alice|parent");
        assertThat(line(sink, "child")).isEqualTo(childIds + "alice|child");
        assertThat(line(sink, "parent again")).isEqualTo(parentIds + "alice|parent again");
        assertThat(line(sink, "the application's own trace id"))
            .isEqualTo("from-the-app|||alice|the application's own trace id");
        assertThat(line(sink, "after")).isEqualTo("|||alice|after");
      }
      assertThat(getMdc("user")).isEqualTo("alice");
      for (String key : CurrentTrace.keys()) {
        assertThat(getMdc(key)).as("the application's MDC has no " + key).isNull();
      }
    } finally {
      removeMdc("user");
    }
  }

  @Test
  void aThousandRequestsOnFourThreadsNeverPrintAnotherRequestsIds() throws Exception {
    int requests = 1000;
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        String path = "/log/r" + i;
        calls.add(() -> get(path));
      }
      for (Future<Integer> status : clients.invokeAll(calls)) {
        assertThat(status.get()).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }
    List<SpanData> spans = AgentTesting.spans(requests);
    Map<String, String> idsByRequest = new HashMap<>();
    for (SpanData span : spans) {
      assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
      idsByRequest.put(span.getAttributes().get(URL_PATH).substring("/log/".length()),
          ids(span.getSpanContext()));
    }
    assertThat(idsByRequest).hasSize(requests);
    assertThat(idsByRequest.values()).doesNotHaveDuplicates();
    for (Sink sink : sinks) {
      waitForLines(sink, "r", 2 * requests);
      Map<String, List<String>> lines = byMessage(sink);
      for (int i = 0; i < requests; i++) {
        String ids = idsByRequest.get("r" + i);
        assertThat(lines.get("request r" + i)).containsExactly(ids + "|request r" + i);
        assertThat(lines.get("task r" + i)).containsExactly(ids + "|task r" + i);
      }
    }

    // the pool's threads, each of which ran tasks of many requests, print no ids once outside any span
    CyclicBarrier allFour = new CyclicBarrier(4);
    List<Callable<Void>> idle = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String name = "idle " + i;
      idle.add(() -> {
        allFour.await(10, TimeUnit.SECONDS);
        logToAll(name);
        return null;
      });
    }
    for (Future<Void> done : pool.invokeAll(idle)) {
      done.get();
    }
    for (Sink sink : sinks) {
      for (int i = 0; i < 4; i++) {
        assertThat(line(sink, "idle " + i)).isEqualTo("||||idle " + i);
      }
    }
  }

  /** The first three fields of a line logged in {@code span}. */
  static String ids(SpanContext span) {
    return span.getTraceId() + "|" + span.getSpanId() + "|" + span.getTraceFlags().asHex() + "|";
  }

  static void logToAll(String message) {
    for (Sink sink : sinks) {
      sink.info(message);
    }
  }

  static int get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** The one line that ends with {@code message} (waiting for an asynchronous appender). */
  static String line(Sink sink, String message) {
    String suffix = "|" + message;
    Waiting.until(() -> find(sink, suffix).isPresent(), 10);
    List<String> found = new ArrayList<>();
    for (String line : sink.lines()) {
      if (line.endsWith(suffix)) {
        found.add(line);
      }
    }
    assertThat(found).as("lines ending with " + suffix).hasSize(1);
    return found.get(0);
  }

  /** The sink's lines by their message (what follows the fifth field separator). */
  private static Map<String, List<String>> byMessage(Sink sink) {
    Map<String, List<String>> lines = new HashMap<>();
    for (String line : sink.lines()) {
      String[] fields = line.split("\\|", 5);
      lines.computeIfAbsent(fields[fields.length - 1], k -> new ArrayList<>()).add(line);
    }
    return lines;
  }

  private static Optional<String> find(Sink sink, String suffix) {
    return sink.lines().stream().filter(line -> line.endsWith(suffix)).findAny();
  }

  private static void waitForLines(Sink sink, String prefix, int count) {
    Waiting.until(() -> sink.lines().stream().filter(line -> line.contains("|request " + prefix)
        || line.contains("|task " + prefix)).count() >= count, 30);
  }
}
