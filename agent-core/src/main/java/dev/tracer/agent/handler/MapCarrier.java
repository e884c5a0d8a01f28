package dev.tracer.agent.handler;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.LinkedHashMap;
import java.util.Map;

/** Trace context to and from the plain header maps events carry. */
public final class MapCarrier implements TextMapGetter<Map<String, String>> {
  private static final MapCarrier GETTER = new MapCarrier();

  private MapCarrier() {}

  @Override
  public Iterable<String> keys(Map<String, String> carrier) {
    return carrier.keySet();
  }

  @Override
  public String get(Map<String, String> carrier, String key) {
    if (carrier == null) {
      return null;
    }
    String value = carrier.get(key);
    if (value == null) {
      // header names are case-insensitive in most protocols; senders may have capitalised them
      for (Map.Entry<String, String> entry : carrier.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(key)) {
          return entry.getValue();
        }
      }
    }
    return value;
  }

  /** {@code base} plus what the headers carry; {@code base} itself when they carry nothing. */
  public static Context extract(ContextPropagators propagators, Context base, Map<String, String> headers) {
    if (headers == null || headers.isEmpty()) {
      return base;
    }
    return propagators.getTextMapPropagator().extract(base, headers, GETTER);
  }

  /** The headers that carry {@code context}. */
  public static Map<String, String> inject(ContextPropagators propagators, Context context) {
    Map<String, String> headers = new LinkedHashMap<>();
    propagators.getTextMapPropagator().inject(context, headers, Map::put);
    return headers;
  }
}
