package dev.tracer.agent.trace;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A span's attributes while it is open: two arrays sized to what the span records (the SDK's map starts at
 * room for 16 in four arrays and a hash table). A key set twice keeps its place and takes the new value; past
 * {@code limit} keys, new ones are counted and dropped. Not thread-safe: the span guards it, and once the span has
 * ended it no longer changes (the finished span's attributes are this object). Equal to any {@link Attributes} with
 * the same keys and values.
 */
final class SpanAttributes implements Attributes {
  private static final int INITIAL = 8;

  private AttributeKey<?>[] keys;
  private Object[] values;
  private int size;
  private int total;
  private final int limit;

  SpanAttributes(int limit) {
    this.limit = limit;
  }

  <T> void put(AttributeKey<T> key, T value) {
    if (key == null || key.getKey().isEmpty() || value == null) {
      return;
    }
    if (keys == null) {
      keys = new AttributeKey<?>[INITIAL];
      values = new Object[INITIAL];
    }
    String name = key.getKey();
    int hash = name.hashCode();
    for (int i = 0; i < size; i++) {
      // a span sets a dozen keys, each compared with those before it: the names' cached hashes settle almost all
      String existing = keys[i].getKey();
      if (existing == name || existing.hashCode() == hash && existing.equals(name)) {
        keys[i] = key;
        values[i] = value;
        total++;
        return;
      }
    }
    total++;
    if (size == limit) {
      return;
    }
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    values[size] = value;
    size++;
  }

  void putAll(Attributes attributes) {
    if (attributes != null) {
      attributes.forEach(this::putUnchecked);
    }
  }

  @SuppressWarnings("unchecked")
  private void putUnchecked(AttributeKey<?> key, Object value) {
    put((AttributeKey<Object>) key, value);
  }

  /** Every key set, the dropped ones included. */
  int totalAdded() {
    return total;
  }

  /** An immutable copy of the SDK's kind, for the finished span. */
  @SuppressWarnings("unchecked")
  Attributes snapshot() {
    if (size == 0) {
      return Attributes.empty();
    }
    AttributesBuilder builder = Attributes.builder();
    for (int i = 0; i < size; i++) {
      builder.put((AttributeKey<Object>) keys[i], values[i]);
    }
    return builder.build();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(AttributeKey<T> key) {
    if (key == null) {
      return null;
    }
    for (int i = 0; i < size; i++) {
      if (keys[i].equals(key)) {
        return (T) values[i];
      }
    }
    return null;
  }

  @Override
  public void forEach(BiConsumer<? super AttributeKey<?>, ? super Object> consumer) {
    for (int i = 0; i < size; i++) {
      consumer.accept(keys[i], values[i]);
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public Map<AttributeKey<?>, Object> asMap() {
    Map<AttributeKey<?>, Object> map = new LinkedHashMap<>();
    forEach(map::put);
    return map;
  }

  @Override
  public AttributesBuilder toBuilder() {
    return snapshot().toBuilder();
  }

  @Override
  public boolean equals(Object other) {
    return other == this || other instanceof Attributes && asMap().equals(((Attributes) other).asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
