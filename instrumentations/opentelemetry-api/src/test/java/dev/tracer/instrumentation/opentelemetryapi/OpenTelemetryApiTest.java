package dev.tracer.instrumentation.opentelemetryapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HttpServerEvent;
import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.EchoHttpServer;
import dev.tracer.testing.PrometheusText;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The application's own OpenTelemetry API (the version of the surefire execution, in a class loader of its own)
 * against the agent in this JVM: real JDBC (H2), a real HTTP peer, the agent's SERVER span handler.
 */
class OpenTelemetryApiTest {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PARENT_ID = "00f067aa0ba902b7";
  static final String JDBC_URL = "jdbc:h2:mem:otelapi;DB_CLOSE_DELAY=-1";
  static URLClassLoader application;

  @BeforeAll
  static void start() throws Exception {
    AgentConsole.record();
    // with the Prometheus endpoint: the application's own meters are served with the agent's metrics
    int metricsPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      metricsPort = socket.getLocalPort();
    }
    AgentTesting.install(Map.of("tracer.metrics.port", String.valueOf(metricsPort)));
    application = ApplicationLoader.create();
    TestedVersions.assertLoaded(application.loadClass("io.opentelemetry.api.GlobalOpenTelemetry"));
  }

  @AfterAll
  static void stop() throws Exception {
    application.close();
  }

  @BeforeEach
  void reset() {
    AgentTesting.reset();
  }

  @Test
  void theAgentsServerSpanIsTheApplicationsCurrentSpan() throws Exception {
    HttpServerEvent request = new HttpServerEvent("test");
    request.method = "GET";
    request.path = "/orders/7";
    request.scheme = "http";
    request.headers.put("traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01");
    request.headers.put("baggage", "shop.tenant=acme");
    Dispatch.start(request);
    Map<String, String> seen;
    try {
      seen = ApplicationLoader.map(application, "enrich", "u42");
    } finally {
      request.statusCode = 200;
      Dispatch.end(request, null);
    }

    SpanData server = only(AgentTesting.spans(1), SpanKind.SERVER);
    assertThat(seen).containsEntry("traceId", TRACE_ID).containsEntry("spanId", server.getSpanId())
        .containsEntry("recording", "true").containsEntry("tenant", "acme");
    assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(server.getName()).isEqualTo("GET /orders/{id}");
    assertThat(server.getAttributes().get(AttributeKey.stringKey("shop.user"))).isEqualTo("u42");
    assertThat(server.getAttributes().get(AttributeKey.longKey("shop.items"))).isEqualTo(3L);
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(server.getStatus().getDescription()).isEqualTo("shop says so");
    assertThat(server.getEvents()).extracting(EventData::getName).containsExactly("enriched", "exception");
    assertThat(server.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("shop.step"))).isEqualTo("enrich");
    assertThat(server.getEvents().get(1).getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("recorded, not thrown");
  }

  @Test
  void anApplicationSpanIsTheParentOfTheJdbcSpanBelowIt() throws Exception {
    Map<String, String> seen = ApplicationLoader.map(application, "pricing", JDBC_URL, false);

    List<SpanData> spans = AgentTesting.spans(2);
    SpanData pricing = named(spans, "pricing");
    SpanData select = only(spans, SpanKind.CLIENT);
    assertThat(seen).containsEntry("traceId", pricing.getTraceId()).containsEntry("spanId", pricing.getSpanId())
        .containsEntry("currentIsPricing", "true");
    assertThat(pricing.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(pricing.getParentSpanContext().isValid()).isFalse();
    assertThat(pricing.getInstrumentationScopeInfo().getName()).isEqualTo("shop");
    assertThat(pricing.getInstrumentationScopeInfo().getVersion()).isEqualTo("1.2.3");
    assertThat(pricing.getAttributes().get(AttributeKey.stringKey("shop.currency"))).isEqualTo("EUR");
    assertThat(pricing.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("test");
    assertThat(select.getName()).startsWith("SELECT");
    assertThat(select.getParentSpanId()).isEqualTo(pricing.getSpanId());
    assertThat(select.getTraceId()).isEqualTo(pricing.getTraceId());
    // the agent's listeners are told about the application's span, and what they set on it is exported
    assertThat(RecordingListener.TOLD).contains("start pricing INTERNAL " + pricing.getSpanId(),
        "end pricing " + pricing.getSpanId());
    assertThat(pricing.getAttributes().get(AttributeKey.booleanKey("listener.saw"))).isTrue();
  }

  @Test
  void anApplicationSpanSaysItFailed() throws Exception {
    Map<String, String> seen = ApplicationLoader.map(application, "pricing", JDBC_URL, true);

    SpanData pricing = named(AgentTesting.spans(2), "pricing");
    assertThat(seen).containsKey("error");
    assertThat(pricing.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(pricing.getEvents()).extracting(EventData::getName).containsExactly("exception");
  }

  @Test
  void anApplicationSpanUnderTheRequestSpan() throws Exception {
    HttpServerEvent request = new HttpServerEvent("test");
    request.method = "GET";
    request.path = "/price";
    request.scheme = "http";
    Dispatch.start(request);
    try {
      ApplicationLoader.map(application, "pricing", JDBC_URL, false);
    } finally {
      request.statusCode = 200;
      Dispatch.end(request, null);
    }

    List<SpanData> spans = AgentTesting.spans(3);
    SpanData server = only(spans, SpanKind.SERVER);
    SpanData pricing = named(spans, "pricing");
    assertThat(pricing.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(only(spans, SpanKind.CLIENT).getParentSpanId()).isEqualTo(pricing.getSpanId());
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(server.getTraceId());
  }

  @Test
  void baggageAndSpanTheApplicationMakesCurrentAreSentByTheAgentsPropagators() throws Exception {
    try (EchoHttpServer peer = EchoHttpServer.start()) {
      Map<String, String> seen = ApplicationLoader.map(application, "callPeer", peer.url("/stock"));

      List<SpanData> spans = AgentTesting.spans(2);
      SpanData checkout = named(spans, "checkout");
      SpanData client = only(spans, SpanKind.CLIENT);
      assertThat(client.getParentSpanId()).isEqualTo(checkout.getSpanId());
      assertThat(peer.lastHeader("traceparent")).contains(checkout.getTraceId()).contains(client.getSpanId());
      assertThat(peer.lastHeader("baggage")).contains("shop.tenant=t1");
      // the application's own propagator is the agent's: same fields, same values
      assertThat(seen.get("traceparent")).startsWith("00-" + checkout.getTraceId() + "-" + checkout.getSpanId() + "-");
      assertThat(seen.get("baggage")).contains("shop.tenant=t1");
    }
  }

  @Test
  void aContextExtractedByTheApplicationIsTheParent() throws Exception {
    Map<String, String> seen = ApplicationLoader.map(application, "consume", "00-" + TRACE_ID + "-" + PARENT_ID + "-01");

    SpanData consume = named(AgentTesting.spans(1), "consume");
    assertThat(consume.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(consume.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(consume.getParentSpanId()).isEqualTo(PARENT_ID);
    assertThat(consume.getParentSpanContext().isRemote()).isTrue();
    assertThat(seen).containsEntry("tenant", "from-message");
  }

  @Test
  void theApisContextWrappingCarriesTheApplicationsSpan() throws Exception {
    boolean taskWrapping = hasMethod("io.opentelemetry.context.Context", "taskWrapping");
    Map<String, String> seen = ApplicationLoader.map(application, "wrapped", JDBC_URL, taskWrapping);

    int queries = taskWrapping ? 3 : 2;
    List<SpanData> spans = AgentTesting.spans(queries + 1);
    SpanData batch = named(spans, "batch");
    List<SpanData> selects = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).collect(Collectors.toList());
    assertThat(selects).hasSize(queries).allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(batch.getSpanId()));
    assertThat(seen).containsEntry("spanId", batch.getSpanId());
  }

  @Test
  void theApplicationsOwnContextValuesStayReadable() throws Exception {
    assertThat((String) ApplicationLoader.call(application, "ownKey")).isEqualTo("r-7/r-7");
  }

  @Test
  void makingItsOwnOpenTelemetryGlobalIsRefusedWithOneLine() throws Exception {
    Map<String, String> seen = ApplicationLoader.map(application, "registerGlobal");

    assertThat(seen).containsEntry("thrown", "none");
    SpanData after = named(AgentTesting.spans(1), "after-set");
    assertThat(seen).containsEntry("traceId", after.getTraceId());
    assertThat(AgentConsole.linesWith("GlobalOpenTelemetry.set")).hasSize(1);
  }

  @Test
  void aTracerBuiltWithAVersion() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(hasMethod("io.opentelemetry.api.OpenTelemetry", "tracerBuilder"),
        "tracerBuilder is API 1.4 and later");
    String spanId = ApplicationLoader.call(application, "builtTracer");

    SpanData built = named(AgentTesting.spans(1), "built");
    assertThat(built.getSpanId()).isEqualTo(spanId);
    assertThat(built.getInstrumentationScopeInfo().getName()).isEqualTo("shop-lib");
    assertThat(built.getInstrumentationScopeInfo().getVersion()).isEqualTo("2.0");
  }

  @Test
  void anSdkTheApplicationUsesWithoutMakingItGlobalKeepsWorking() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(ApplicationLoader.hasOwnSdk(), "the application's SDK: newest only");
    Map<String, String> seen = ApplicationLoader.callOn(application, "com.example.otelapp.OwnSdkShop", "run");

    // its spans go to its own exporter, parent and child as without the agent
    assertThat(seen).containsEntry("thrown", "none").containsEntry("currentIsOwn", "true");
    String[] own = seen.get("own-span").split("/");
    String[] child = seen.get("own-child").split("/");
    assertThat(child[0]).isEqualTo(own[0]);
    assertThat(child[2]).isEqualTo(own[1]);
    // a span of the agent's started while the SDK's span is current is its child, in its trace
    SpanData bridged = named(AgentTesting.spans(1), "bridged-child");
    assertThat(bridged.getTraceId()).isEqualTo(own[0]);
    assertThat(bridged.getParentSpanId()).isEqualTo(own[1]);
    assertThat(AgentTesting.exported()).extracting(SpanData::getName).containsExactly("bridged-child");
  }

  static boolean hasMethod(String type, String method) throws ClassNotFoundException {
    for (java.lang.reflect.Method m : application.loadClass(type).getMethods()) {
      if (m.getName().equals(method)) {
        return true;
      }
    }
    return false;
  }

  static SpanData named(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(found).as("spans named " + name + " in " + spans).hasSize(1);
    return found.get(0);
  }

  static SpanData only(List<SpanData> spans, SpanKind kind) {
    List<SpanData> found = spans.stream().filter(s -> s.getKind() == kind).collect(Collectors.toList());
    assertThat(found).as(kind + " spans in " + spans).hasSize(1);
    return found.get(0);
  }

  @Test
  void theApplicationsMetersAreTheAgents() throws Exception {
    // meters in their present form: API 1.15 and later (the execution "oldest" runs 1.0.0, which has none)
    Assumptions.assumeTrue(hasClass("io.opentelemetry.api.metrics.BatchCallback"), "API without meters");
    Map<String, String> seen = ApplicationLoader.callOn(application, "com.example.otelapp.ShopMeters", "record");
    assertThat(seen.get("meterProvider")).endsWith("ApplicationMeterProvider");
    ApplicationLoader.callOn(application, "com.example.otelapp.ShopMeters", "queued", 9L);

    PrometheusText text = PrometheusText.scrape(AgentTesting.tracing().metrics().prometheusUrl());
    assertThat(text.series("shop_orders_total")).as(text.text)
        .containsEntry(Map.of("shop_tier", "gold"), 3.0).containsEntry(Map.of("shop_tier", "basic"), 4.0).hasSize(2);
    assertThat(text.text).contains("# HELP shop_orders_total Orders placed");
    assertThat(text.series("shop_revenue_total")).containsEntry(Map.of(), 12.5);
    assertThat(text.series("shop_carts_open")).containsEntry(Map.of(), 2.0);
    assertThat(text.series("shop_checkout_duration_seconds_count")).containsEntry(Map.of(), 1.0)
        .containsEntry(Map.of("shop_tier", "gold"), 1.0);
    assertThat(text.series("shop_checkout_duration_seconds_sum")).containsEntry(Map.of("shop_tier", "gold"), 0.3);
    assertThat(text.series("shop_order_items_sum")).containsEntry(Map.of(), 3.0);
    // the observable forms, read at the scrape: the gauge's latest value
    assertThat(text.series("shop_queue_depth")).containsEntry(Map.of("queue", "orders"), 9.0);
    assertThat(text.series("shop_temperature")).containsEntry(Map.of(), 21.5);
    assertThat(text.series("shop_visits_total")).containsEntry(Map.of(), 42.0);
    assertThat(text.series("shop_sessions")).containsEntry(Map.of(), 7.0);
    // a failing callback records nothing, and breaks neither the scrape nor the application
    assertThat(text.series("shop_failing_total")).isEmpty();
    // under the application's scope name, beside the agent's own metrics
    assertThat(text.text.lines().filter(l -> l.startsWith("shop_orders_total{")))
        .allMatch(l -> l.contains("otel_scope_name=\"shop-meters\"")).hasSize(2);
    assertThat(text.text).contains("tracer_queue_depth");
  }

  private static boolean hasClass(String name) {
    try {
      Class.forName(name, false, application);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
