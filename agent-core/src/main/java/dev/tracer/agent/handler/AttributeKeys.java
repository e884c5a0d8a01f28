package dev.tracer.agent.handler;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Typed attribute keys by name, made once. The names come from code (annotations, advice, the application's calls
 * of its OpenTelemetry API), so they are few; a key made per attribute per span was allocated and hashed for each.
 * Bounded: an application making up names cannot grow it without end.
 */
public final class AttributeKeys {
  private static final BoundedCache<String, AttributeKey<String>> STRING = new BoundedCache<>(1024);
  private static final BoundedCache<String, AttributeKey<Long>> LONG = new BoundedCache<>(1024);
  private static final BoundedCache<String, AttributeKey<Double>> DOUBLE = new BoundedCache<>(256);
  private static final BoundedCache<String, AttributeKey<Boolean>> BOOLEAN = new BoundedCache<>(256);

  private AttributeKeys() {}

  public static AttributeKey<String> string(String name) {
    return STRING.get(name, AttributeKey::stringKey);
  }

  public static AttributeKey<Long> longKey(String name) {
    return LONG.get(name, AttributeKey::longKey);
  }

  public static AttributeKey<Double> doubleKey(String name) {
    return DOUBLE.get(name, AttributeKey::doubleKey);
  }

  public static AttributeKey<Boolean> booleanKey(String name) {
    return BOOLEAN.get(name, AttributeKey::booleanKey);
  }
}
