package dev.tracer.agent.handler;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.function.UnaryOperator;

/**
 * A concurrent memo that forgets everything when it grows past its bounds: a number of entries and a total
 * weight (the keys' sizes: statements can be megabytes). A key heavier than {@code maxKeyWeight} is computed
 * and not kept. {@code keep} makes the key the cache holds (a copy: the caller's object is not retained).
 */
final class BoundedCache<K, V> {
  private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
  private final int max;
  private final long maxWeight;
  private final long maxKeyWeight;
  private final ToLongFunction<K> weigher;
  private final UnaryOperator<K> keep;
  private final AtomicLong weight = new AtomicLong();

  BoundedCache(int max) {
    this(max, Long.MAX_VALUE, Long.MAX_VALUE, key -> 0, UnaryOperator.identity());
  }

  BoundedCache(int max, long maxWeight, long maxKeyWeight, ToLongFunction<K> weigher, UnaryOperator<K> keep) {
    this.max = max;
    this.maxWeight = maxWeight;
    this.maxKeyWeight = maxKeyWeight;
    this.weigher = weigher;
    this.keep = keep;
  }

  V get(K key, Function<K, V> compute) {
    V value = map.get(key);
    if (value != null) {
      return value;
    }
    value = compute.apply(key);
    long keyWeight = weigher.applyAsLong(key);
    if (keyWeight > maxKeyWeight) {
      return value;
    }
    if (map.size() >= max || weight.get() + keyWeight > maxWeight) {
      clear();
    }
    if (map.putIfAbsent(keep.apply(key), value) == null) {
      weight.addAndGet(keyWeight);
    }
    return value;
  }

  /** Racing a put, the weight may count a key twice or miss one until the next clear: it stays near the truth. */
  private synchronized void clear() {
    map.clear();
    weight.set(0);
  }

  int size() {
    return map.size();
  }

  long weight() {
    return weight.get();
  }
}
