package dev.tracer.instrumentation.servlet.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the servlet instrumentation must do in any jakarta container; a subclass starts one. */
abstract class ServletContract {
  static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT = "00f067aa0ba902b7";
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static Container container;

  /** Starts the container with {@link #servlets()} and {@link PassFilter} on /*; returns its port. */
  interface Container {
    int port();

    void stop() throws Exception;
  }

  static void install() {
    AgentTesting.install(java.util.Collections.singletonMap("tracer.propagators", "tracecontext,baggage,b3,jaeger"));
  }

  static Map<String, Servlet> servlets() {
    Map<String, Servlet> servlets = new LinkedHashMap<>();
    servlets.put("/orders/*", new OrderServlet());
    servlets.put("/forward", new ForwardServlet());
    servlets.put("/boom", new BoomServlet());
    servlets.put("/fail", new FailServlet());
    servlets.put("/async", new AsyncServlet());
    servlets.put("/trace", new TraceServlet());
    return servlets;
  }

  abstract boolean routes();

  abstract Class<?> containerClass();

  @AfterAll
  static void stop() throws Exception {
    if (container != null) {
      container.stop();
      container = null;
    }
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  static HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + container.port() + path));
    headers.forEach(request::header);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static List<SpanData> servers(List<SpanData> spans) {
    return spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).collect(Collectors.toList());
  }

  static SpanData oneServerSpan(int expectedSpans) {
    List<SpanData> servers = servers(AgentTesting.spans(expectedSpans));
    assertThat(servers).hasSize(1);
    return servers.get(0);
  }

  String name(String route) {
    return routes() ? "GET " + route : "GET";
  }

  @Test
  void filterAndServletMakeOneServerSpanContinuingTheCallersTrace() throws Exception {
    HttpResponse<String> response = get("/orders/7?x=1", Map.of("traceparent", "00-" + TRACE + "-" + PARENT + "-01"));
    assertThat(response.statusCode()).isEqualTo(200);
    List<SpanData> spans = AgentTesting.spans(2);
    SpanData server = oneServerSpan(2);
    assertThat(server.getName()).isEqualTo(name("/orders/*"));
    assertThat(server.getTraceId()).isEqualTo(TRACE);
    assertThat(server.getParentSpanId()).isEqualTo(PARENT);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("http.request.method"))).isEqualTo("GET");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/orders/7");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo(routes() ? "/orders/*" : null);
    assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(server.getAttributes().get(AttributeKey.stringKey("client.address"))).isEqualTo("127.0.0.1");
    SpanData work = spans.stream().filter(s -> s.getName().equals("work")).findFirst().orElseThrow();
    assertThat(work.getParentSpanId()).isEqualTo(server.getSpanId());
  }

  @Test
  void forwardIsNotANewServerSpan() throws Exception {
    assertThat(get("/forward", Map.of()).body()).isEqualTo("order /1");
    SpanData server = oneServerSpan(2);
    assertThat(server.getName()).isEqualTo(name("/forward"));
    assertThat(server.getParentSpanId()).isEqualTo(io.opentelemetry.api.trace.SpanId.getInvalid());
  }

  @Test
  void uncaughtExceptionIsAnError() throws Exception {
    assertThat(get("/boom", Map.of()).statusCode()).isEqualTo(500);
    SpanData server = oneServerSpan(1);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(500L);
    EventData exception = server.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst().orElseThrow();
    assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type"))).isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void serverErrorStatusIsAnError() throws Exception {
    assertThat(get("/fail", Map.of()).statusCode()).isEqualTo(503);
    SpanData server = oneServerSpan(1);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(503L);
  }

  @Test
  void asyncRequestEndsWhenTheWorkCompletes() throws Exception {
    assertThat(get("/async", Map.of()).statusCode()).isEqualTo(202);
    SpanData server = oneServerSpan(1);
    assertThat(server.getName()).isEqualTo(name("/async"));
    // 202 is set on another thread after service() returned: the span saw the completed request
    assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(202L);
  }

  @Test
  void malformedPropagationHeadersStartAFreshTraceAndNeverFail() throws Exception {
    Random random = new Random(42);
    Set<String> traces = new HashSet<>();
    int requests = 10_000;
    for (int i = 0; i < requests; i++) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("traceparent", malformedTraceparent(random));
      headers.put("b3", garbage(random));
      headers.put("X-B3-TraceId", garbage(random));
      headers.put("X-B3-SpanId", garbage(random));
      headers.put("uber-trace-id", garbage(random));
      headers.put("baggage", garbage(random));
      HttpResponse<String> response = get("/trace", headers);
      assertThat(response.statusCode()).as("request %d with %s", i, headers).isEqualTo(200);
      String trace = response.body();
      assertThat(trace).as("request %d with %s", i, headers).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
      assertThat(headers.values()).noneMatch(h -> h.contains(trace));
      traces.add(trace);
    }
    assertThat(traces).hasSize(requests);
  }

  static String garbage(Random random) {
    int length = random.nextInt(60);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
    }
    return out.toString();
  }

  static String hex(Random random, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return out.toString();
  }

  /** Headers that look like traceparent but are not valid. */
  static String malformedTraceparent(Random random) {
    String trace = hex(random, 32);
    String span = hex(random, 16);
    switch (random.nextInt(7)) {
      case 0:
        return garbage(random);
      case 1:
        return "00-" + trace.substring(0, 31) + "g-" + span + "-01";
      case 2:
        return "00-" + "0".repeat(32) + "-" + span + "-01";
      case 3:
        return "00-" + trace + "-" + "0".repeat(16) + "-01";
      case 4:
        return "ff-" + trace + "-" + span + "-01";
      case 5:
        return ("00-" + trace + "-" + span + "-01").substring(0, random.nextInt(55));
      default:
        return "00-" + trace + "-" + span + "-0x";
    }
  }

  @Test
  void testedVersion() {
    TestedVersions.assertLoaded(org.apache.catalina.startup.Tomcat.class, org.eclipse.jetty.server.Server.class, HttpServlet.class);
  }

  public static final class PassFilter implements Filter {
    @Override
    public void init(FilterConfig config) {}

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(request, response);
    }

    @Override
    public void destroy() {}
  }

  static final class OrderServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      AgentTesting.tracing().tracer.spanBuilder("work").startSpan().end();
      response.getWriter().print("order " + request.getPathInfo());
    }
  }

  static final class ForwardServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
      request.getRequestDispatcher("/orders/1").forward(request, response);
    }
  }

  static final class BoomServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      throw new IllegalStateException("boom");
    }
  }

  static final class FailServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.sendError(503);
    }
  }

  static final class AsyncServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      new Thread(() -> {
        try {
          Thread.sleep(100); // let service() return first
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ((HttpServletResponse) async.getResponse()).setStatus(202);
        async.complete();
      }).start();
    }
  }

  static final class TraceServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().print(Span.current().getSpanContext().getTraceId());
    }
  }
}
