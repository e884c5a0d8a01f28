package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * The type descriptions kept for a class loader never keep that loader alive: each holds the type pool that
 * parsed it, and so the class file locator Byte Buddy was given, which holds the loader only weakly
 * ({@link Installer#LOCATIONS}). With a strong locator, as Byte Buddy's default, the loader stays.
 */
class TypeCacheTest {
  /** A class the test loader defines from the test classes, with a super class and an interface to describe. */
  static class Described extends Thread implements Runnable {}

  @Test
  void aLoaderWhoseTypesWereDescribedIsCollected() throws Exception {
    TypeCache cache = new TypeCache();
    WeakReference<ClassLoader> loader = describeIn(cache, Installer.LOCATIONS);

    assertThat(collected(loader)).as("the loader is collected").isTrue();
    Reference.reachabilityFence(cache);
  }

  @Test
  void aStrongLocatorWouldKeepIt() throws Exception {
    TypeCache cache = new TypeCache();
    WeakReference<ClassLoader> loader = describeIn(cache, AgentBuilder.LocationStrategy.ForClassLoader.STRONG);

    assertThat(collected(loader)).as("the loader is collected").isFalse();
    Reference.reachabilityFence(cache);
  }

  /** Describes {@link Described} as Byte Buddy does while matching, in a new loader; returns that loader, weakly. */
  private static WeakReference<ClassLoader> describeIn(TypeCache cache, AgentBuilder.LocationStrategy locations) throws Exception {
    URL classes = Described.class.getProtectionDomain().getCodeSource().getLocation();
    URLClassLoader loader = new URLClassLoader(new URL[] {classes}, null);
    ClassFileLocator locator = locations.classFileLocator(loader, null);
    TypePool pool = cache.typePool(locator, loader);
    TypeDescription type = pool.describe(Described.class.getName()).resolve();
    assertThat(type.getSuperClass().asErasure().getName()).isEqualTo(Thread.class.getName());
    assertThat(type.getInterfaces().asErasures().get(0).getName()).isEqualTo(Runnable.class.getName());
    loader.close();
    return new WeakReference<>(loader);
  }

  /** An advice class, as the instrumentations' are. */
  static class SomeAdvice {
    @Advice.OnMethodEnter
    static void enter(@Advice.This Object self) {}
  }

  /** Advice is parsed once per advice class and class loader, is dropped when quiet, and never keeps the loader. */
  @Test
  void adviceIsParsedOncePerLoaderAndDoesNotKeepIt() throws Exception {
    TypeCache cache = new TypeCache();
    WeakReference<ClassLoader> loader = adviseIn(cache);

    assertThat(cache.size()).as("two loaders' advice").isEqualTo(2);
    assertThat(collected(loader)).as("the loader is collected").isTrue();
    cache.dropIfQuiet(System.nanoTime() + TypeCache.QUIET_NANOS);
    assertThat(cache.size()).as("quiet: dropped").isZero();
  }

  private static WeakReference<ClassLoader> adviseIn(TypeCache cache) throws Exception {
    URL classes = Described.class.getProtectionDomain().getCodeSource().getLocation();
    URLClassLoader loader = new URLClassLoader(new URL[] {classes}, null);
    Advice first = cache.advice(SomeAdvice.class, loader);
    assertThat(cache.advice(SomeAdvice.class, loader)).as("parsed once for the loader").isSameAs(first);
    assertThat(cache.advice(SomeAdvice.class, null)).as("another loader's").isNotSameAs(first);
    loader.close();
    return new WeakReference<>(loader);
  }

  private static boolean collected(WeakReference<ClassLoader> loader) throws InterruptedException {
    for (int i = 0; i < 20 && loader.get() != null; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return loader.get() == null;
  }

  /** Start-up's descriptions go once class loading has been quiet for a while, and only then. */
  @Test
  void descriptionsAreDroppedOnceClassLoadingIsQuiet() throws Exception {
    TypeCache cache = new TypeCache();
    URL classes = Described.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes}, null)) {
      TypePool pool = cache.typePool(Installer.LOCATIONS.classFileLocator(loader, null), loader);
      pool.describe(Described.class.getName()).resolve().getSuperClass().asErasure().getName();
      int kept = cache.size();
      assertThat(kept).isGreaterThan(0);

      cache.dropIfQuiet(System.nanoTime());
      assertThat(cache.size()).as("still in use: kept").isEqualTo(kept);

      cache.dropIfQuiet(System.nanoTime() + TypeCache.QUIET_NANOS);
      assertThat(cache.size()).as("quiet: dropped").isZero();

      // used again: fills again, and is dropped again after the next quiet period
      pool = cache.typePool(Installer.LOCATIONS.classFileLocator(loader, null), loader);
      pool.describe(Described.class.getName()).resolve().getSuperClass().asErasure().getName();
      assertThat(cache.size()).isGreaterThan(0);
      cache.dropIfQuiet(System.nanoTime() + TypeCache.QUIET_NANOS);
      assertThat(cache.size()).isZero();
    }
  }
}
