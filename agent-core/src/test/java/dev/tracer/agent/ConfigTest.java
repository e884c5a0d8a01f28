package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static Config config(Map<String, String> env, Map<String, String> props) {
    return new Config(env, props);
  }

  private static Map<String, String> map(String... kv) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put(kv[i], kv[i + 1]);
    }
    return map;
  }

  @Test
  void defaultsMatchTheContract() {
    Config c = config(map(), map("sun.java.command", "com.example.OrdersApp --port 8080"));
    assertThat(c.enabled).isTrue();
    assertThat(c.serviceName).isEqualTo("OrdersApp");
    assertThat(c.resourceAttributes).isEmpty();
    assertThat(c.exporters).containsExactly("logging");
    assertThat(c.otlpEndpoint).isEqualTo("http://localhost:4318");
    assertThat(c.otlpEndpointSet).isFalse();
    assertThat(c.otlpProtocol).isEqualTo("http/protobuf");
    assertThat(c.jaegerEndpoint).isEqualTo("http://localhost:14268/api/traces");
    assertThat(c.zipkinEndpoint).isEqualTo("http://localhost:9411/api/v2/spans");
    assertThat(c.sampler).isEqualTo("parentbased_always_on");
    assertThat(c.samplerArg).isEqualTo(1.0);
    assertThat(c.propagators).containsExactly("tracecontext", "baggage");
    assertThat(c.queueCapacity).isEqualTo(2048);
    assertThat(c.batchSize).isEqualTo(512);
    assertThat(c.flushIntervalMillis).isEqualTo(1000);
    assertThat(c.instrumentationEnabled("jdbc")).isTrue();
    assertThat(c.extensions).isEmpty();
    assertThat(c.peerServiceMapping).isEmpty();
    assertThat(c.dbStatementSanitize).isTrue();
    assertThat(c.metricsExporter).isEqualTo("otlp");
    assertThat(c.metricsPort).isZero();
    assertThat(c.metricsHost).isEqualTo("127.0.0.1");
    assertThat(c.metricsIntervalMillis).isEqualTo(60_000);
    assertThat(c.runtimeMetricsEnabled).isTrue();
    assertThat(c.debug).isFalse();
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void serviceNameFromJar() {
    assertThat(config(map(), map("sun.java.command", "/opt/app/orders-1.2.jar --x")).serviceName).isEqualTo("orders-1.2");
    assertThat(config(map(), map()).serviceName).isEqualTo("unknown_service:java");
  }

  @Test
  void everyVariableIsRead() {
    Config c = config(map(
        "TRACER_ENABLED", "false",
        "TRACER_SERVICE_NAME", "orders",
        "TRACER_RESOURCE_ATTRIBUTES", "deployment.environment=prod, team=shop",
        "TRACER_EXPORTER", "otlp,zipkin",
        "TRACER_OTLP_ENDPOINT", "http://collector:4317",
        "TRACER_OTLP_PROTOCOL", "grpc",
        "TRACER_OTLP_HEADERS", "api-key=secret",
        "TRACER_JAEGER_ENDPOINT", "http://jaeger:14268/api/traces",
        "TRACER_ZIPKIN_ENDPOINT", "http://zipkin:9411/api/v2/spans",
        "TRACER_SAMPLER", "parentbased_traceidratio",
        "TRACER_SAMPLER_ARG", "0.25",
        "TRACER_PROPAGATORS", "b3multi,jaeger",
        "TRACER_QUEUE_CAPACITY", "100",
        "TRACER_BATCH_SIZE", "10",
        "TRACER_FLUSH_INTERVAL", "250ms",
        "TRACER_INSTRUMENTATION_HTTP_CLIENT_ENABLED", "false",
        "TRACER_EXTENSIONS", "/opt/ext/a.jar, /opt/ext/more",
        "TRACER_PEER_SERVICE_MAPPING", "10.0.0.5=billing,db.internal=orders-db",
        "TRACER_DB_STATEMENT_SANITIZE", "false",
        "TRACER_METRICS_EXPORTER", "none",
        "TRACER_METRICS_PORT", "9464",
        "TRACER_METRICS_HOST", "0.0.0.0",
        "TRACER_METRICS_INTERVAL", "15s",
        "TRACER_RUNTIME_METRICS_ENABLED", "false",
        "TRACER_LOG_LEVEL", "debug"), map());
    assertThat(c.warnings()).isEmpty();
    assertThat(c.enabled).isFalse();
    assertThat(c.serviceName).isEqualTo("orders");
    assertThat(c.resourceAttributes).containsEntry("deployment.environment", "prod").containsEntry("team", "shop");
    assertThat(c.exporters).containsExactly("otlp", "zipkin");
    assertThat(c.otlpEndpoint).isEqualTo("http://collector:4317");
    assertThat(c.otlpEndpointSet).isTrue();
    assertThat(c.otlpProtocol).isEqualTo("grpc");
    assertThat(c.otlpHeaders).containsEntry("api-key", "secret");
    assertThat(c.jaegerEndpoint).isEqualTo("http://jaeger:14268/api/traces");
    assertThat(c.zipkinEndpoint).isEqualTo("http://zipkin:9411/api/v2/spans");
    assertThat(c.sampler).isEqualTo("parentbased_traceidratio");
    assertThat(c.samplerArg).isEqualTo(0.25);
    assertThat(c.propagators).containsExactly("b3multi", "jaeger");
    assertThat(c.queueCapacity).isEqualTo(100);
    assertThat(c.batchSize).isEqualTo(10);
    assertThat(c.flushIntervalMillis).isEqualTo(250);
    assertThat(c.instrumentationEnabled("http-client")).isFalse();
    assertThat(c.instrumentationEnabled("jdbc")).isTrue();
    assertThat(c.extensions).containsExactly("/opt/ext/a.jar", "/opt/ext/more");
    assertThat(c.peerServiceMapping).containsEntry("10.0.0.5", "billing").containsEntry("db.internal", "orders-db");
    assertThat(c.dbStatementSanitize).isFalse();
    assertThat(c.metricsExporter).isEqualTo("none");
    assertThat(c.metricsPort).isEqualTo(9464);
    assertThat(c.metricsHost).isEqualTo("0.0.0.0");
    assertThat(c.metricsIntervalMillis).isEqualTo(15_000);
    assertThat(c.runtimeMetricsEnabled).isFalse();
    assertThat(c.debug).isTrue();
  }

  @Test
  void propertyWinsOverVariableAndTracerNameOverOtelAlias() {
    Config c = config(
        map("TRACER_SERVICE_NAME", "from-env", "OTEL_SERVICE_NAME", "otel-env", "OTEL_TRACES_SAMPLER", "always_off"),
        map("tracer.service.name", "from-prop"));
    assertThat(c.serviceName).isEqualTo("from-prop");
    assertThat(c.resolved().get("TRACER_SERVICE_NAME").source).isEqualTo(Config.Source.PROPERTY);
    assertThat(c.sampler).isEqualTo("always_off");
    assertThat(c.resolved().get("TRACER_SAMPLER").source).isEqualTo(Config.Source.OTEL_VARIABLE);

    Config env = config(map("TRACER_SERVICE_NAME", "from-env", "OTEL_SERVICE_NAME", "otel-env"), map());
    assertThat(env.serviceName).isEqualTo("from-env");
  }

  @Test
  void otelAliasesAreHonoured() {
    Config c = config(map(
        "OTEL_JAVAAGENT_ENABLED", "false",
        "OTEL_SERVICE_NAME", "svc",
        "OTEL_RESOURCE_ATTRIBUTES", "a=b",
        "OTEL_TRACES_EXPORTER", "none",
        "OTEL_EXPORTER_OTLP_ENDPOINT", "https://otel:4318",
        "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
        "OTEL_EXPORTER_OTLP_HEADERS", "x=y",
        "OTEL_EXPORTER_JAEGER_ENDPOINT", "http://j:1/api/traces",
        "OTEL_EXPORTER_ZIPKIN_ENDPOINT", "http://z:2/api/v2/spans",
        "OTEL_TRACES_SAMPLER", "traceidratio",
        "OTEL_TRACES_SAMPLER_ARG", "0.5",
        "OTEL_PROPAGATORS", "b3",
        "OTEL_INSTRUMENTATION_KAFKA_ENABLED", "false",
        "OTEL_JAVAAGENT_EXTENSIONS", "/x.jar",
        "OTEL_METRICS_EXPORTER", "none",
        "OTEL_METRIC_EXPORT_INTERVAL", "5000"), map("otel.service.name", "prop-svc"));
    assertThat(c.warnings()).isEmpty();
    assertThat(c.enabled).isFalse();
    assertThat(c.serviceName).isEqualTo("prop-svc");
    assertThat(c.resourceAttributes).containsEntry("a", "b");
    assertThat(c.exporters).containsExactly("none");
    assertThat(c.otlpEndpoint).isEqualTo("https://otel:4318");
    assertThat(c.otlpProtocol).isEqualTo("grpc");
    assertThat(c.otlpHeaders).containsEntry("x", "y");
    assertThat(c.jaegerEndpoint).isEqualTo("http://j:1/api/traces");
    assertThat(c.zipkinEndpoint).isEqualTo("http://z:2/api/v2/spans");
    assertThat(c.sampler).isEqualTo("traceidratio");
    assertThat(c.samplerArg).isEqualTo(0.5);
    assertThat(c.propagators).containsExactly("b3");
    assertThat(c.instrumentationEnabled("kafka")).isFalse();
    assertThat(c.extensions).containsExactly("/x.jar");
    assertThat(c.metricsExporter).isEqualTo("none");
    assertThat(c.metricsIntervalMillis).isEqualTo(5000);
  }

  @Test
  void badValuesGiveOneWarningEachAndTheDefault() {
    Config c = config(map(
        "TRACER_ENABLED", "yes please",
        "TRACER_EXPORTER", "otlp,carrier-pigeon",
        "TRACER_OTLP_ENDPOINT", "collector:4318",
        "TRACER_OTLP_PROTOCOL", "http/json",
        "TRACER_SAMPLER", "sometimes",
        "TRACER_SAMPLER_ARG", "abc",
        "TRACER_PROPAGATORS", "tracecontext,xray",
        "TRACER_QUEUE_CAPACITY", "-5",
        "TRACER_BATCH_SIZE", "lots",
        "TRACER_FLUSH_INTERVAL", "1 fortnight",
        "TRACER_PEER_SERVICE_MAPPING", "justahost",
        "TRACER_RESOURCE_ATTRIBUTES", "novalue",
        "TRACER_DB_STATEMENT_SANITIZE", "maybe",
        "TRACER_METRICS_EXPORTER", "prometheus",
        "TRACER_METRICS_PORT", "70000",
        "TRACER_METRICS_HOST", "http://0.0.0.0",
        "TRACER_METRICS_INTERVAL", "often",
        "TRACER_LOG_LEVEL", "loud"), map());
    assertThat(c.enabled).isTrue();
    assertThat(c.exporters).as("the known exporters of the list are kept").containsExactly("otlp");
    assertThat(c.otlpEndpoint).isEqualTo("http://localhost:4318");
    assertThat(c.otlpProtocol).isEqualTo("http/protobuf");
    assertThat(c.sampler).isEqualTo("parentbased_always_on");
    assertThat(c.samplerArg).isEqualTo(1.0);
    assertThat(c.propagators).containsExactly("tracecontext");
    assertThat(c.queueCapacity).isEqualTo(2048);
    assertThat(c.batchSize).isEqualTo(512);
    assertThat(c.flushIntervalMillis).isEqualTo(1000);
    assertThat(c.peerServiceMapping).isEmpty();
    assertThat(c.resourceAttributes).isEmpty();
    assertThat(c.dbStatementSanitize).isTrue();
    assertThat(c.metricsExporter).isEqualTo("otlp");
    assertThat(c.metricsPort).isZero();
    assertThat(c.metricsHost).isEqualTo("127.0.0.1");
    assertThat(c.metricsIntervalMillis).isEqualTo(60_000);
    assertThat(c.debug).isFalse();
    assertThat(c.warnings()).hasSize(18);
    assertThat(c.warnings()).allSatisfy(w -> assertThat(w).doesNotContain("\n").containsAnyOf("using the default", "left out"));
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith("TRACER_SAMPLER_ARG=abc rejected").endsWith("default 1.0"));
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w)
        .isEqualTo("TRACER_EXPORTER=otlp,carrier-pigeon: 'carrier-pigeon' is not one of otlp, jaeger, zipkin, logging, none, view, left out; using otlp"));
    assertThat(c.warnings()).anySatisfy(w -> assertThat(w).startsWith("TRACER_FLUSH_INTERVAL=1 fortnight rejected").endsWith("default 1s"));
  }

  @Test
  void metricsPortMustBeAPort() {
    assertThat(config(map("TRACER_METRICS_PORT", "0"), map()).metricsPort).isZero();
    assertThat(config(map("TRACER_METRICS_PORT", "0"), map()).warnings()).singleElement()
        .satisfies(w -> assertThat(w).startsWith("TRACER_METRICS_PORT=0 rejected").endsWith("default off"));
    assertThat(config(map("TRACER_METRICS_PORT", "x"), map()).warnings()).singleElement()
        .satisfies(w -> assertThat(w).contains("not a port number"));
    assertThat(config(map(), map("tracer.metrics.port", "65535")).metricsPort).isEqualTo(65535);
    assertThat(config(map("TRACER_METRICS_HOST", "::1"), map()).metricsHost).isEqualTo("::1");
  }

  @Test
  void ratioOutOfRangeIsRejected() {
    assertThat(config(map("TRACER_SAMPLER_ARG", "1.5"), map()).samplerArg).isEqualTo(1.0);
    assertThat(config(map("TRACER_SAMPLER_ARG", "0"), map()).samplerArg).isEqualTo(0.0);
  }

  @Test
  void durations() {
    assertThat(Config.parseDuration("250ms")).isEqualTo(250);
    assertThat(Config.parseDuration("5s")).isEqualTo(5000);
    assertThat(Config.parseDuration("2m")).isEqualTo(120_000);
    assertThat(Config.parseDuration("40")).isEqualTo(40);
  }

  @Test
  void emptyValueMeansDefault() {
    Config c = config(map("TRACER_EXPORTER", " ", "TRACER_SERVICE_NAME", ""), map("sun.java.command", "a.B"));
    assertThat(c.exporters).containsExactly("logging");
    assertThat(c.serviceName).isEqualTo("B");
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void logMdcKeysAreThreeDistinctNames() {
    assertThat(config(map(), map()).logMdcKeys).containsExactly("trace_id", "span_id", "trace_flags");
    assertThat(config(map("TRACER_LOG_MDC_KEYS", "traceId, spanId,traceFlags"), map()).logMdcKeys)
        .containsExactly("traceId", "spanId", "traceFlags");
    Config twoNames = config(map("TRACER_LOG_MDC_KEYS", "traceId,spanId"), map());
    assertThat(twoNames.logMdcKeys).containsExactly("trace_id", "span_id", "trace_flags");
    assertThat(twoNames.warnings()).containsExactly(
        "TRACER_LOG_MDC_KEYS=traceId,spanId rejected (expected 3 distinct names), using the default trace_id,span_id,trace_flags");
    assertThat(config(map("TRACER_LOG_MDC_KEYS", "a,a,b"), map()).warnings()).hasSize(1);
    assertThat(config(map(), map("tracer.instrumentation.log.mdc.enabled", "false")).instrumentationEnabled("log-mdc"))
        .isFalse();
    // the name as written, as the OpenTelemetry agent's properties have it
    assertThat(config(map(), map("tracer.instrumentation.log-mdc.enabled", "false")).instrumentationEnabled("log-mdc"))
        .isFalse();
    assertThat(config(map(), map("otel.instrumentation.spring-data.enabled", "false"))
        .instrumentationEnabled("spring-data")).isFalse();
    assertThat(config(map(), map("otel.instrumentation.spring-data.enabled", "false")).instrumentationEnabled("jdbc"))
        .isTrue();
  }

  /** Issue #21, 8: each hole gets a range or a check and one line naming the variable and the default. */
  @Test
  void configurationHoles() {
    Config huge = config(map("TRACER_QUEUE_CAPACITY", "1000000000"), map());
    assertThat(huge.queueCapacity).isEqualTo(2048);
    assertThat(huge.warnings()).singleElement().asString()
        .startsWith("TRACER_QUEUE_CAPACITY=1000000000 rejected (must be between 2 and 1000000)").endsWith("default 2048");
    assertThat(config(map("TRACER_QUEUE_CAPACITY", "2000000000"), map()).queueCapacity).isEqualTo(2048);
    assertThat(config(map("TRACER_QUEUE_CAPACITY", "99999999999"), map()).queueCapacity).isEqualTo(2048);
    assertThat(config(map("TRACER_QUEUE_CAPACITY", "1000000"), map()).queueCapacity).isEqualTo(1_000_000);

    Config newline = config(map("TRACER_OTLP_HEADERS", "api-key=secret-1\nX-Evil: 1"), map());
    assertThat(newline.otlpHeaders).isEmpty();
    assertThat(newline.warnings()).singleElement().asString().startsWith("TRACER_OTLP_HEADERS=<value not shown> rejected")
        .doesNotContain("secret-1");
    assertThat(config(map("TRACER_OTLP_HEADERS", "bad name=1"), map()).otlpHeaders).isEmpty();
    assertThat(config(map("TRACER_OTLP_HEADERS", "api-key=a b,x=1"), map()).otlpHeaders)
        .containsEntry("api-key", "a b").containsEntry("x", "1");

    Config jaeger = config(map("TRACER_JAEGER_ENDPOINT", "http://[bad"), map());
    assertThat(jaeger.jaegerEndpoint).isEqualTo("http://localhost:14268/api/traces");
    assertThat(jaeger.warnings()).singleElement().asString().startsWith("TRACER_JAEGER_ENDPOINT=http://[bad rejected")
        .endsWith("using the default http://localhost:14268/api/traces");

    Config credentials = config(map("TRACER_ZIPKIN_ENDPOINT", "http://user:pw-123@[bad/?key=k-456"), map());
    assertThat(credentials.warnings()).singleElement().asString().startsWith("TRACER_ZIPKIN_ENDPOINT=http://[bad")
        .doesNotContain("pw-123").doesNotContain("k-456");

    Config exporters = config(map("TRACER_EXPORTER", "foo,otlp"), map());
    assertThat(exporters.exporters).containsExactly("otlp");
    assertThat(exporters.warnings()).singleElement().asString().contains("'foo'").endsWith("left out; using otlp");
    assertThat(config(map("TRACER_EXPORTER", "foo"), map()).exporters).containsExactly("logging");

    Config typo = config(map("TRACER_INSTRUMENTATION_JDCB_ENABLED", "false", "TRACER_INSTRUMENTATION_JDBC_ENABLED", "true"),
        map("tracer.instrumentation.http-client.enabled", "false"));
    assertThat(typo.unknownInstrumentations(java.util.List.of("jdbc", "http-client"))).singleElement().asString()
        .startsWith("TRACER_INSTRUMENTATION_JDCB_ENABLED names no instrumentation").contains("http-client, jdbc");
  }

  @Test
  void methodsIncludeKeepsTheWellFormedEntriesAndNamesTheOthersInOneLine() {
    Config c = config(map("OTEL_INSTRUMENTATION_METHODS_INCLUDE",
        "com.acme.Billing[charge, refund];com.acme.Jobs[*]; broken[;com.acme.Empty[];com.acme.Bad[1x]"), map());
    assertThat(c.methodsInclude).isEqualTo("com.acme.Billing[charge,refund];com.acme.Jobs[*]");
    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0)).startsWith("OTEL_INSTRUMENTATION_METHODS_INCLUDE: ")
        .contains("'broken['", "'com.acme.Empty[]'", "'com.acme.Bad[1x]'")
        .endsWith("tracing com.acme.Billing[charge,refund];com.acme.Jobs[*]");
    assertThat(c.get("TRACER_METHODS_INCLUDE", "")).isEqualTo(c.methodsInclude);
    assertThat(c.resolved().get("TRACER_METHODS_INCLUDE").variable).isEqualTo("OTEL_INSTRUMENTATION_METHODS_INCLUDE");

    Config tracer = config(map("TRACER_METHODS_INCLUDE", "com.acme.Jobs[run]",
        "OTEL_INSTRUMENTATION_METHODS_INCLUDE", "com.acme.Other[*]"), map());
    assertThat(tracer.methodsInclude).isEqualTo("com.acme.Jobs[run]");
    assertThat(tracer.warnings()).isEmpty();
    assertThat(config(map(), map()).methodsInclude).isEmpty();
  }

  /** {@code view}: OTLP/HTTP protobuf to the local viewer's default port, or to the endpoint named. */
  @Test
  void viewIsOtlpToTheLocalViewer() {
    Config view = config(map("TRACER_EXPORTER", "view"), map());
    assertThat(view.exporters).containsExactly("otlp");
    assertThat(view.viewExporter).isTrue();
    assertThat(view.otlpEndpoint).isEqualTo("http://localhost:4318").isEqualTo(Config.VIEW_ENDPOINT);
    assertThat(view.otlpProtocol).isEqualTo("http/protobuf");
    assertThat(view.warnings()).isEmpty();

    Config elsewhere = config(map("TRACER_EXPORTER", "view,logging", "TRACER_OTLP_ENDPOINT", "http://localhost:14318",
        "TRACER_OTLP_PROTOCOL", "grpc"), map());
    assertThat(elsewhere.exporters).containsExactly("otlp", "logging");
    assertThat(elsewhere.otlpEndpoint).isEqualTo("http://localhost:14318");
    assertThat(elsewhere.otlpProtocol).isEqualTo("http/protobuf");
    assertThat(elsewhere.warnings()).singleElement().asString()
        .isEqualTo("TRACER_EXPORTER=view sends OTLP/HTTP (the viewer receives no gRPC): TRACER_OTLP_PROTOCOL=grpc ignored, using http/protobuf");

    Config both = config(map("TRACER_EXPORTER", "otlp,view"), map());
    assertThat(both.exporters).containsExactly("otlp");
    assertThat(both.warnings()).singleElement().asString().contains("both otlp and view");
    assertThat(config(map("TRACER_EXPORTER", "otlp"), map()).viewExporter).isFalse();
  }
}
