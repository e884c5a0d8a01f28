package dev.tracer.agent;

import java.util.LinkedHashMap;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The type descriptions Byte Buddy parses while matching (mostly the super types a hierarchy matcher walks),
 * kept per class loader in a small least-recently-used map: an unbounded cache would hold a description of
 * every type the application ever loaded (tens of MB of heap), and a strong key would keep class loaders alive.
 * It also hands {@link ClassHeaders} the class file locator of the class about to be matched.
 */
final class TypeCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  /**
   * Per loader; the common super types (JDK interfaces, a library's base classes) stay, the long tail goes.
   * Measured on the overhead harness's services: 128 or fewer re-parse so much that the garbage raises peak RSS
   * by about 120 MB; from 512 on, RSS and start-up CPU no longer improve.
   */
  static final int TYPES_PER_LOADER = 512;

  private static final String REFLECTION_LOADER = "jdk.internal.reflect.DelegatingClassLoader";

  private final Map<ClassLoader, TypePool.CacheProvider> byLoader = LoaderStores.weak("type-descriptions");
  private final TypePool.CacheProvider bootstrap = new Bounded(TYPES_PER_LOADER);

  TypeCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
    ClassHeaders.transforming(classFileLocator, classLoader);
    return super.typePool(classFileLocator, classLoader);
  }

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
    ClassHeaders.transforming(classFileLocator, classLoader);
    return super.typePool(classFileLocator, classLoader, name);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader loader) {
    if (loader == null) {
      return bootstrap;
    }
    if (loader.getClass().getName().equals(REFLECTION_LOADER)) {
      // defines one generated accessor, which is never instrumented: a cache for each would only fill the store
      return TypePool.CacheProvider.NoOp.INSTANCE;
    }
    synchronized (byLoader) {
      return byLoader.computeIfAbsent(loader, l -> new Bounded(TYPES_PER_LOADER));
    }
  }

  static final class Bounded implements TypePool.CacheProvider {
    private final Map<String, TypePool.Resolution> types;

    Bounded(int capacity) {
      types = new LinkedHashMap<String, TypePool.Resolution>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TypePool.Resolution> eldest) {
          return size() > capacity;
        }
      };
    }

    @Override
    public synchronized TypePool.Resolution find(String name) {
      return types.get(name);
    }

    @Override
    public synchronized TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      TypePool.Resolution known = types.putIfAbsent(name, resolution);
      return known != null ? known : resolution;
    }

    @Override
    public synchronized void clear() {
      types.clear();
    }

    synchronized int size() {
      return types.size();
    }
  }
}
