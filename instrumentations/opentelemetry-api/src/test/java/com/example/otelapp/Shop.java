package com.example.otelapp;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Application code using its own OpenTelemetry API, as Java teams write it next to an agent. Loaded in a class
 * loader of its own with the API version under test (never the agent's copy); it uses only the API of 1.0.0, except
 * where a method says which version it needs. Every method returns what the application saw, as JDK types.
 */
public final class Shop {
  private static final Tracer TRACER = GlobalOpenTelemetry.getTracer("shop", "1.2.3");

  private Shop() {}

  static Connection connect(String jdbcUrl) throws SQLException {
    return new org.h2.Driver().connect(jdbcUrl, new Properties());
  }

  /** Enriches the request's span (the agent's current span) and reads its ids and the request's baggage. */
  public static Map<String, String> enrich(String user) {
    Span span = Span.current();
    span.setAttribute("shop.user", user);
    span.setAttribute(AttributeKey.longKey("shop.items"), 3L);
    span.addEvent("enriched", Attributes.of(AttributeKey.stringKey("shop.step"), "enrich"));
    span.recordException(new IllegalStateException("recorded, not thrown"));
    span.setStatus(StatusCode.ERROR, "shop says so");
    span.updateName("GET /orders/{id}");
    Map<String, String> seen = new LinkedHashMap<>();
    seen.put("traceId", span.getSpanContext().getTraceId());
    seen.put("spanId", Span.fromContext(Context.current()).getSpanContext().getSpanId());
    seen.put("recording", String.valueOf(span.isRecording()));
    seen.put("tenant", Baggage.current().getEntryValue("shop.tenant"));
    return seen;
  }

  /** The application's own span with JDBC below it; {@code fail}: the query fails and the span says so. */
  public static Map<String, String> pricing(String jdbcUrl, boolean fail) throws Exception {
    Span pricing = TRACER.spanBuilder("pricing").setAttribute("shop.currency", "EUR").startSpan();
    Map<String, String> seen = new LinkedHashMap<>();
    try (Scope scope = pricing.makeCurrent(); Connection connection = connect(jdbcUrl);
        Statement statement = connection.createStatement()) {
      seen.put("traceId", Span.current().getSpanContext().getTraceId());
      seen.put("spanId", pricing.getSpanContext().getSpanId());
      seen.put("currentIsPricing", String.valueOf(Span.current().equals(pricing)));
      try (ResultSet rs = statement.executeQuery(fail ? "SELECT price FROM no_such_table" : "SELECT 42")) {
        rs.next();
      }
    } catch (SQLException e) {
      pricing.recordException(e);
      pricing.setStatus(StatusCode.ERROR);
      seen.put("error", e.getClass().getName());
    } finally {
      pricing.end();
    }
    return seen;
  }

  /** Baggage and a span made current: the agent's HTTP client span is a child, its headers carry both. */
  public static Map<String, String> callPeer(String url) throws Exception {
    Span checkout = TRACER.spanBuilder("checkout").setSpanKind(SpanKind.INTERNAL).startSpan();
    Baggage baggage = Baggage.current().toBuilder().put("shop.tenant", "t1").build();
    Map<String, String> seen = new LinkedHashMap<>();
    try (Scope scope = Context.current().with(checkout).with(baggage).makeCurrent()) {
      HttpClient client = HttpClient.newHttpClient();
      client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding());
      Map<String, String> headers = new HashMap<>();
      GlobalOpenTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), headers, Map::put);
      seen.putAll(headers);
      seen.put("spanId", checkout.getSpanContext().getSpanId());
      seen.put("traceId", checkout.getSpanContext().getTraceId());
    } finally {
      checkout.end();
    }
    return seen;
  }

  /** A context extracted with the agent's propagators, as the parent of the application's span. */
  public static Map<String, String> consume(String traceparent) {
    Map<String, String> message = new HashMap<>();
    message.put("traceparent", traceparent);
    message.put("baggage", "shop.tenant=from-message");
    Context extracted = GlobalOpenTelemetry.getPropagators().getTextMapPropagator()
        .extract(Context.current(), message, new TextMapGetter<Map<String, String>>() {
          @Override
          public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
          }

          @Override
          public String get(Map<String, String> carrier, String key) {
            return carrier.get(key);
          }
        });
    Span span = TRACER.spanBuilder("consume").setSpanKind(SpanKind.CONSUMER).setParent(extracted).startSpan();
    Map<String, String> seen = new LinkedHashMap<>();
    try (Scope scope = extracted.with(span).makeCurrent()) {
      seen.put("tenant", Baggage.current().getEntryValue("shop.tenant"));
    } finally {
      span.end();
    }
    return seen;
  }

  /** A span current in a context carried to another thread by the API's own wrapping. */
  public static Map<String, String> wrapped(String jdbcUrl, boolean taskWrapping) throws Exception {
    Span batch = TRACER.spanBuilder("batch").startSpan();
    Map<String, String> seen = new LinkedHashMap<>();
    seen.put("spanId", batch.getSpanContext().getSpanId());
    Runnable query = () -> {
      try (Connection connection = connect(jdbcUrl); Statement statement = connection.createStatement()) {
        statement.executeQuery("SELECT 1").close();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    };
    Context context = Context.current().with(batch);
    // a plain thread: only the API's wrapping carries the context there
    Thread thread = new Thread(context.wrap(query), "shop-wrapped");
    thread.start();
    thread.join();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      context.wrap(pool).submit(query).get();
      if (taskWrapping) { // API 1.15 and later
        try (Scope scope = batch.makeCurrent()) {
          Context.taskWrapping(pool).submit(query).get();
        }
      }
    } finally {
      pool.shutdown();
      batch.end();
    }
    return seen;
  }

  /** The application's own values in the context cross agent spans and threads with it. */
  public static String ownKey() throws Exception {
    io.opentelemetry.context.ContextKey<String> key = io.opentelemetry.context.ContextKey.named("shop.request");
    try (Scope scope = Context.current().with(key, "r-7").makeCurrent()) {
      String[] seen = new String[1];
      Runnable read = () -> seen[0] = Context.current().get(key);
      Thread thread = new Thread(Context.current().wrap(read));
      thread.start();
      thread.join();
      return Context.current().get(key) + "/" + seen[0];
    }
  }

  /** The application tries to make its own OpenTelemetry the global one, twice. */
  public static Map<String, String> registerGlobal() {
    Map<String, String> seen = new LinkedHashMap<>();
    try {
      GlobalOpenTelemetry.set(OpenTelemetry.noop());
      GlobalOpenTelemetry.set(OpenTelemetry.noop());
      seen.put("thrown", "none");
    } catch (RuntimeException e) {
      seen.put("thrown", e.toString());
    }
    Span after = GlobalOpenTelemetry.getTracer("after-set").spanBuilder("after-set").startSpan();
    seen.put("traceId", after.getSpanContext().getTraceId());
    after.end();
    return seen;
  }

  /** API 1.4 and later: a tracer from a builder, with a version. */
  public static String builtTracer() {
    Span span = GlobalOpenTelemetry.get().tracerBuilder("shop-lib").setInstrumentationVersion("2.0").build()
        .spanBuilder("built").startSpan();
    span.end();
    return span.getSpanContext().getSpanId();
  }
}
