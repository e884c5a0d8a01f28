package com.example.otelapp;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An application with an OpenTelemetry SDK of its own, used directly (and once offered as the global one). */
public final class OwnSdkShop {
  private OwnSdkShop() {}

  public static Map<String, String> run() {
    List<SpanData> exported = new CopyOnWriteArrayList<>();
    SpanExporter exporter = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        exported.addAll(spans);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    Map<String, String> seen = new LinkedHashMap<>();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
        .build();
    try {
      OpenTelemetrySdk.builder().buildAndRegisterGlobal();
      seen.put("thrown", "none");
    } catch (RuntimeException e) {
      seen.put("thrown", e.toString());
    }
    Tracer own = sdk.getTracer("own");
    Span outer = own.spanBuilder("own-span").startSpan();
    try (Scope scope = outer.makeCurrent()) {
      seen.put("currentIsOwn", String.valueOf(Span.current() == outer));
      own.spanBuilder("own-child").startSpan().end();
      GlobalOpenTelemetry.getTracer("shop").spanBuilder("bridged-child").startSpan().end();
    } finally {
      outer.end();
    }
    sdk.getSdkTracerProvider().shutdown();
    for (SpanData span : exported) {
      seen.put(span.getName(), span.getTraceId() + "/" + span.getSpanId() + "/" + span.getParentSpanId());
    }
    return seen;
  }
}
