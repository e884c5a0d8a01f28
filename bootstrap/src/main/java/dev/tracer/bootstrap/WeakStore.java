package dev.tracer.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Attaches a value to a library object without keeping the object alive (a "virtual field"): e.g. the SQL
 * of a prepared statement, the URL of a connection. Keys compare by identity. Instrumentations keep theirs in a
 * {@code static final} field of one of their helper classes.
 */
public final class WeakStore<V> {
  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> released = new ReferenceQueue<>();

  public V get(Object key) {
    if (key == null) {
      return null;
    }
    expunge(); // a store read far more often than written (a route per context) would keep its stale entries
    return map.get(new Lookup(key));
  }

  public void put(Object key, V value) {
    if (key == null || value == null) {
      return;
    }
    expunge();
    map.put(new Key(key, released), value);
  }

  /** Removes and returns the value of {@code key}, or null. */
  public V remove(Object key) {
    if (key == null || map.isEmpty()) {
      return null;
    }
    return map.remove(new Lookup(key));
  }

  /** Cheap check before a lookup on a hot path. */
  public boolean isEmpty() {
    return map.isEmpty();
  }

  public int size() {
    expunge();
    return map.size();
  }

  /** Entries held, stale ones included (for tests: {@link #size} drops those first). */
  int held() {
    return map.size();
  }

  /** Drops the entries whose keys a GC cleared; cheap when there are none (one volatile read). */
  private void expunge() {
    Object ref;
    while ((ref = released.poll()) != null) {
      map.remove(ref);
    }
  }

  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object referent, ReferenceQueue<Object> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      Object mine = get();
      if (mine == null) {
        return false;
      }
      if (other instanceof Key) {
        return mine == ((Key) other).get();
      }
      return other instanceof Lookup && mine == ((Lookup) other).referent;
    }
  }

  /** Short-lived key for reads; never stored. */
  private static final class Lookup {
    final Object referent;

    Lookup(Object referent) {
      this.referent = referent;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(referent);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Key ? ((Key) other).get() == referent : other == this;
    }
  }
}
