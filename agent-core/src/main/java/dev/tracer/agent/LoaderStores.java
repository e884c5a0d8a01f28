package dev.tracer.agent;

import dev.tracer.api.AgentState;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agent's stores kept per class loader. Keys are weak, and a value must never reach its loader (no
 * class, class file locator, type pool or description of that loader, nor any object of it): a
 * {@code WeakHashMap} whose value holds its key keeps that key, and so an undeployed web application, alive
 * forever. Each store is made here under a name, so that {@link AgentState} can count them. Callers
 * synchronize on the map they were given.
 */
final class LoaderStores implements AgentState {
  static final LoaderStores ALL = new LoaderStores();

  private final CopyOnWriteArrayList<Named> stores = new CopyOnWriteArrayList<>();

  private LoaderStores() {}

  /** A new store of {@code name} (several stores may share a name: their sizes add up). */
  static <V> Map<ClassLoader, V> weak(String name) {
    Map<ClassLoader, V> map = new WeakHashMap<>();
    ALL.stores.add(new Named(name, map));
    return map;
  }

  @Override
  public Map<String, Integer> sizes() {
    Map<String, Integer> sizes = new TreeMap<>();
    for (Named store : stores) {
      int size = 0;
      synchronized (store.map) {
        // live keys only: a collected loader's entry stays in size() until the reference handler thread has queued
        // its cleared key, which may be a while after the GC that cleared it
        for (ClassLoader ignored : store.map.keySet()) {
          size++;
        }
      }
      sizes.merge(store.name, size, Integer::sum);
    }
    return sizes;
  }

  @Override
  public Map<String, Integer> loaders() {
    Map<String, Integer> loaders = new TreeMap<>();
    for (Named store : stores) {
      synchronized (store.map) {
        for (ClassLoader loader : store.map.keySet()) {
          loaders.merge(loader.getClass().getName(), 1, Integer::sum);
        }
      }
    }
    return loaders;
  }

  private static final class Named {
    final String name;
    final Map<ClassLoader, ?> map;

    Named(String name, Map<ClassLoader, ?> map) {
      this.name = name;
      this.map = map;
    }
  }
}
