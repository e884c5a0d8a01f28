package dev.tracer.agent.handler;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** A concurrent memo that forgets everything when it grows past its bound (statements can be unbounded). */
final class BoundedCache<K, V> {
  private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
  private final int max;

  BoundedCache(int max) {
    this.max = max;
  }

  V get(K key, Function<K, V> compute) {
    V value = map.get(key);
    if (value == null) {
      value = compute.apply(key);
      if (map.size() >= max) {
        map.clear();
      }
      map.put(key, value);
    }
    return value;
  }
}
