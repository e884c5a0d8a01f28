package dev.tracer.agent;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * The type descriptions Byte Buddy parses while matching (mostly the super types a hierarchy matcher walks),
 * kept per class loader in a small least-recently-used map: an unbounded cache would hold a description of
 * every type the application ever loaded (tens of MB of heap), and a strong key would keep class loaders alive.
 * It also hands {@link ClassHeaders} the class file locator of the class about to be matched. Once class loading
 * has been quiet for {@link #QUIET_NANOS} (start-up is over), the descriptions are dropped: kept, they are about
 * 2 MB of heap for the rest of the JVM's life on a Spring Boot application, and a class loaded later only
 * parses its super types again.
 *
 * <p>It keeps the advice too, parsed once per advice class and class loader instead of once per class
 * instrumented: the nineteen servlet filters of a Spring Boot application share one advice.
 */
final class TypeCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  /**
   * Per loader; the common super types (JDK interfaces, a library's base classes) stay, the long tail goes.
   * Measured on the overhead harness's services: 128 or fewer re-parse so much that the garbage raises peak RSS
   * by about 120 MB; from 512 on, RSS and start-up CPU no longer improve.
   */
  static final int TYPES_PER_LOADER = 512;

  /** No class matched for this long: the descriptions are dropped. */
  static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final List<TypeCache> ALL = new CopyOnWriteArrayList<>();

  private static final String REFLECTION_LOADER = "jdk.internal.reflect.DelegatingClassLoader";

  private final Map<ClassLoader, TypePool.CacheProvider> byLoader = LoaderStores.weak("type-descriptions");
  private final Bounded bootstrap = new Bounded(TYPES_PER_LOADER);
  private final Map<ClassLoader, Map<Class<?>, Advice>> adviceByLoader = LoaderStores.weak("advice");
  private final Map<Class<?>, Advice> bootstrapAdvice = new HashMap<>();

  private volatile long lastUsed = System.nanoTime();
  /** {@link #lastUsed} when the descriptions were last dropped: nothing was added since. */
  private long droppedAt = lastUsed - 1;

  TypeCache() {
    super(TypePool.Default.ReaderMode.FAST);
    ALL.add(this);
  }

  /**
   * Drops the descriptions of every cache that has not been used for {@link #QUIET_NANOS}. Called between span
   * batches on the export worker, a schedule the agent has anyway; cheap when there is nothing to drop.
   */
  static void dropIfQuiet() {
    long now = System.nanoTime();
    for (TypeCache cache : ALL) {
      cache.dropIfQuiet(now);
    }
  }

  synchronized void dropIfQuiet(long now) {
    long used = lastUsed;
    if (used == droppedAt || now - used < QUIET_NANOS) {
      return;
    }
    droppedAt = used;
    synchronized (byLoader) {
      byLoader.clear();
    }
    bootstrap.clear();
    synchronized (adviceByLoader) {
      adviceByLoader.clear();
    }
    synchronized (bootstrapAdvice) {
      bootstrapAdvice.clear();
    }
  }

  /** The descriptions and advice kept, over all loaders. */
  int size() {
    int size = bootstrap.size();
    synchronized (byLoader) {
      for (TypePool.CacheProvider provider : byLoader.values()) {
        size += provider instanceof Bounded ? ((Bounded) provider).size() : 0;
      }
    }
    synchronized (adviceByLoader) {
      for (Map<Class<?>, Advice> advice : adviceByLoader.values()) {
        synchronized (advice) {
          size += advice.size();
        }
      }
    }
    synchronized (bootstrapAdvice) {
      return size + bootstrapAdvice.size();
    }
  }

  /**
   * The advice of {@code adviceClass} for classes of {@code loader}. Parsed outside the lock: reading class files
   * through a loader must not wait for another thread that is loading a class.
   */
  Advice advice(Class<?> adviceClass, ClassLoader loader) {
    lastUsed = System.nanoTime();
    Map<Class<?>, Advice> kept;
    if (loader == null) {
      kept = bootstrapAdvice;
    } else {
      synchronized (adviceByLoader) {
        kept = adviceByLoader.computeIfAbsent(loader, l -> new HashMap<>());
      }
    }
    Advice advice;
    synchronized (kept) {
      advice = kept.get(adviceClass);
    }
    if (advice == null) {
      advice = parse(adviceClass, loader);
      synchronized (kept) {
        Advice raced = kept.putIfAbsent(adviceClass, advice);
        advice = raced != null ? raced : advice;
      }
    }
    return advice;
  }

  /**
   * Described from its class file (the advice's own loader: the agent's or an extension's), with the library's
   * loader at hand, held as everywhere the agent reads its class files ({@link Installer#LOCATIONS}, weakly): the
   * advice's loader cannot see the library types its signatures name (the system loader finds the bootstrap
   * classes for JDK targets, e.g. java.net.http's platform loader).
   */
  private static Advice parse(Class<?> adviceClass, ClassLoader loader) {
    ClassFileLocator locator = new ClassFileLocator.Compound(
        ClassFileLocator.ForClassLoader.of(adviceClass.getClassLoader()),
        Installer.LOCATIONS.classFileLocator(loader, null),
        ClassFileLocator.ForClassLoader.ofSystemLoader());
    return Advice.to(TypePool.Default.of(locator).describe(adviceClass.getName()).resolve(), locator);
  }

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader) {
    lastUsed = System.nanoTime();
    ClassHeaders.transforming(classFileLocator, classLoader);
    return super.typePool(classFileLocator, classLoader);
  }

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader classLoader, String name) {
    lastUsed = System.nanoTime();
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
