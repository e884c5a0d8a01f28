package dev.tracer.agent;

import dev.tracer.api.AgentLog;
import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SubTypeMatcher;
import dev.tracer.api.TypeInstrumentation;
import dev.tracer.bootstrap.Dispatch;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/** Installs the enabled instrumentation modules with Byte Buddy. */
public final class Installer {
  /**
   * Where Byte Buddy finds class files while matching: the class loader, held weakly. The type descriptions
   * {@link TypeCache} keeps for a loader hold the type pool that parsed them, and so its class file locator: a
   * strong one kept every class loader that was ever matched, every undeployed web application, alive.
   */
  static final AgentBuilder.LocationStrategy LOCATIONS = AgentBuilder.LocationStrategy.ForClassLoader.WEAK;

  private final Set<ClassLoader> agentLoaders;
  private final ClassHeaders headers = new ClassHeaders();
  private volatile Instrumentation inst;

  public Installer(Set<ClassLoader> agentLoaders) {
    this.agentLoaders = agentLoaders;
  }

  public AgentBuilder builder(List<InstrumentationModule> modules) {
    AgentBuilder builder = withoutNexus()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Reiterating.INSTANCE)
        // classes already loaded (all of them on attach) are retransformed; a class the JVM refuses is retried
        // alone, so it does not take the rest of its batch with it
        .with(AgentBuilder.RedefinitionStrategy.Listener.BatchReallocator.splitting())
        .with(new RetransformationErrors())
        .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
        .with(AgentBuilder.TypeStrategy.Default.DECORATE)
        // lazy descriptions: a class is parsed only when a matcher needs more than its name
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        .with(LOCATIONS)
        .with(new TypeCache())
        .with(new Listener())
        .ignore(new Ignored());
    for (InstrumentationModule module : modules) {
      AgentBuilder withModule = builder;
      try {
        HelperInjector helpers = new HelperInjector(module);
        LibraryPresence presence = new LibraryPresence(module.requiredClasses());
        for (TypeInstrumentation type : module.typeInstrumentations()) {
          ElementMatcher<TypeDescription> matcher = type.typeMatcher();
          AgentBuilder.RawMatcher raw = matcher instanceof SubTypeMatcher
              ? new SubTypesFromHeaders(presence, (SubTypeMatcher) matcher, headers)
              : new WhereLibraryIsPresent(presence, matcher);
          withModule = withModule.type(raw).transform(new ModuleTransformer(module, type, helpers));
        }
        builder = withModule;
      } catch (Throwable t) { // an extension's module: the others are still installed
        AgentLog.warn("instrumentation " + module.name() + " could not be set up, skipped: " + t);
      }
    }
    return builder;
  }

  /**
   * A builder whose default initialization strategy (self-injection, replaced by {@code NoOp} below: advice is
   * inlined, nothing is injected) has not set up Byte Buddy's Nexus: that set-up defines a class in the
   * application's class loader and generates class injectors, about 0.2 s of start-up. Byte Buddy skips it
   * when its property says so; the property is set only while our copy of Byte Buddy reads it.
   */
  private static AgentBuilder withoutNexus() {
    String property = "net.bytebuddy.nexus.disabled";
    String previous = System.getProperty(property);
    System.setProperty(property, "true");
    try {
      return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED));
    } finally {
      if (previous == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, previous);
      }
    }
  }

  public void install(Instrumentation inst, List<InstrumentationModule> modules) {
    this.inst = inst;
    builder(modules).installOn(inst);
  }

  /** Never our own classes, Byte Buddy's, or anything the agent's class loaders loaded. */
  private final class Ignored implements AgentBuilder.RawMatcher {
    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
        ProtectionDomain domain) {
      if (loader != null && agentLoaders.contains(loader)) {
        return true;
      }
      String name = type.getName();
      return isAgentClass(name) || name.startsWith("net.bytebuddy.") || name.contains("$$Lambda")
          || name.startsWith("jdk.internal.reflect.") || name.startsWith("sun.reflect.");
    }
  }

  /**
   * A module's type matcher, tried only in class loaders that see at least one of its required classes: where
   * the library is absent altogether nothing can match, and hierarchy matchers would parse every class for
   * nothing. (Where only some are present, the transformer reports the unsupported version.)
   */
  private static final class WhereLibraryIsPresent implements AgentBuilder.RawMatcher {
    private final LibraryPresence presence;
    private final ElementMatcher<? super TypeDescription> matcher;

    WhereLibraryIsPresent(LibraryPresence presence, ElementMatcher<? super TypeDescription> matcher) {
      this.presence = presence;
      this.matcher = matcher;
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
        ProtectionDomain domain) {
      return presence.in(loader) && matcher.matches(type);
    }
  }

  /**
   * A {@link SubTypeMatcher}, matched from class file headers, and only in class loaders that see one of its
   * super types: a class whose loader cannot see a type cannot extend it.
   */
  private static final class SubTypesFromHeaders implements AgentBuilder.RawMatcher {
    private final LibraryPresence library;
    private final LibraryPresence superTypes;
    private final SubTypeMatcher matcher;
    private final Set<String> internalNames;
    private final ClassHeaders headers;

    SubTypesFromHeaders(LibraryPresence library, SubTypeMatcher matcher, ClassHeaders headers) {
      this.library = library;
      this.superTypes = new LibraryPresence(matcher.superTypes());
      this.matcher = matcher;
      this.headers = headers;
      this.internalNames = ClassHeaders.internalNames(matcher);
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
        ProtectionDomain domain) {
      if (!library.in(loader) || !superTypes.in(loader)) {
        return false;
      }
      // a class already loaded (on attach, or before premain) knows its super types, class file or not
      return classBeingRedefined != null ? ClassHeaders.matchesLoaded(matcher, internalNames, classBeingRedefined)
          : headers.matches(matcher, internalNames, type.getName(), loader);
    }
  }

  /** Whether a class loader sees any of a module's required classes, looked up once per loader. */
  static final class LibraryPresence {
    private final List<String> classes;
    private final List<String> resources = new ArrayList<>();
    private final Map<ClassLoader, Boolean> byLoader = LoaderStores.weak("library-present");
    private volatile Boolean boot;

    LibraryPresence(List<String> requiredClasses) {
      this.classes = requiredClasses;
      for (String name : requiredClasses) {
        resources.add(name.replace('.', '/') + ".class");
      }
    }

    boolean in(ClassLoader loader) {
      if (resources.isEmpty()) {
        return true;
      }
      if (loader == null) {
        Boolean known = boot;
        if (known == null) {
          boot = known = inBootLoader();
        }
        return known;
      }
      synchronized (byLoader) {
        Boolean known = byLoader.get(loader);
        if (known == null) {
          known = lookUp(loader);
          byLoader.put(loader, known);
        }
        return known;
      }
    }

    /**
     * The boot loader sees a JDK class only when the boot loader defines its module: java.sql, for one, belongs
     * to the platform loader, so no class of the boot loader can be a JDBC statement. A class outside the JDK's
     * modules is there only on the boot class path (-Xbootclasspath/a), which the platform loader looks in, while
     * the application class path, where libraries normally are, is not: counting that as present made every
     * class of the boot loader go through the servlet and HTTP-client hierarchy matchers.
     */
    private boolean inBootLoader() {
      for (int i = 0; i < classes.size(); i++) {
        String name = classes.get(i);
        String pkg = name.lastIndexOf('.') > 0 ? name.substring(0, name.lastIndexOf('.')) : "";
        Module module = null;
        for (Module candidate : ModuleLayer.boot().modules()) {
          if (candidate.getPackages().contains(pkg)) {
            module = candidate;
            break;
          }
        }
        if (module != null ? module.getClassLoader() == null
            : ClassLoader.getPlatformClassLoader().getResource(resources.get(i)) != null) {
          return true;
        }
      }
      return false;
    }

    private boolean lookUp(ClassLoader loader) {
      for (String resource : resources) {
        if (loader.getResource(resource) != null) {
          return true;
        }
      }
      return false;
    }
  }

  /** The agent's own packages; other {@code dev.tracer.} code (the example application) may be instrumented. */
  static boolean isAgentClass(String name) {
    return name.startsWith("dev.tracer.")
        && (name.startsWith("dev.tracer.bootstrap.") || name.startsWith("dev.tracer.agent.") || name.startsWith("dev.tracer.api.")
            || name.startsWith("dev.tracer.exporters.") || name.startsWith("dev.tracer.instrumentation.")
            || name.startsWith("dev.tracer.viewer.") || name.startsWith("dev.tracer.testing."));
  }

  private final class ModuleTransformer implements AgentBuilder.Transformer {
    private final InstrumentationModule module;
    private final TypeInstrumentation type;
    private final Map<ClassLoader, Boolean> compatible = LoaderStores.weak("version-supported");
    private volatile Boolean bootstrapCompatible;
    private final HelperInjector helpers;

    ModuleTransformer(InstrumentationModule module, TypeInstrumentation type, HelperInjector helpers) {
      this.module = module;
      this.type = type;
      this.helpers = helpers;
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription typeDescription,
        ClassLoader loader, JavaModule javaModule, ProtectionDomain domain) {
      if (!compatible(loader, typeDescription) || !helpers.inject(loader, typeDescription.getName())) {
        return builder;
      }
      readBootstrap(javaModule);
      List<DynamicType.Builder<?>> result = new ArrayList<>();
      result.add(builder);
      try {
        type.transform((methods, adviceClass) -> {
          // described from its class file (the advice's own loader: the agent's or an extension's), with the
          // library's loader at hand: the advice's loader cannot see the library types its signatures name
          // (the system loader finds the bootstrap classes for JDK targets, e.g. java.net.http's platform loader)
          ClassFileLocator locator = new ClassFileLocator.Compound(
              ClassFileLocator.ForClassLoader.of(adviceClass.getClassLoader()), ClassFileLocator.ForClassLoader.of(loader),
              ClassFileLocator.ForClassLoader.ofSystemLoader());
          Advice advice = Advice.to(TypePool.Default.of(locator).describe(adviceClass.getName()).resolve(), locator);
          result.set(0, result.get(0).visit(advice.on(methods)));
          return null;
        });
      } catch (Throwable t) { // e.g. an extension's invalid advice: the class stays as it was
        AgentLog.warnOnce("advice-" + module.name(), "instrumentation " + module.name() + " could not transform "
            + typeDescription.getName() + ", left untouched (reported once): " + t);
        return builder;
      }
      AgentLog.debug("instrumented " + typeDescription.getName() + " (" + module.name() + ")");
      return result.get(0);
    }

    /**
     * Advice inlined into a class of a named module (java.net.http, java.base) calls our bootstrap classes,
     * which live in the boot loader's unnamed module: that module must read it.
     */
    private void readBootstrap(JavaModule javaModule) {
      Instrumentation instrumentation = inst;
      if (instrumentation == null || javaModule == null || !javaModule.isNamed()) {
        return;
      }
      Module target = (Module) javaModule.unwrap();
      Module bootstrap = Dispatch.class.getModule();
      if (!target.canRead(bootstrap)) {
        instrumentation.redefineModule(target, Collections.singleton(bootstrap), Collections.emptyMap(),
            Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
      }
    }

    private boolean compatible(ClassLoader loader, TypeDescription typeDescription) {
      if (module.requiredClasses().isEmpty()) {
        return true;
      }
      Boolean known;
      if (loader == null) {
        known = bootstrapCompatible;
      } else {
        synchronized (compatible) {
          known = compatible.get(loader);
        }
      }
      if (known != null) {
        return known;
      }
      ClassLoader lookup = loader != null ? loader : ClassLoader.getPlatformClassLoader();
      String missing = null;
      for (String required : module.requiredClasses()) {
        if (lookup.getResource(required.replace('.', '/') + ".class") == null) {
          missing = required;
          break;
        }
      }
      boolean ok = missing == null;
      if (!ok) {
        AgentLog.warnOnce("unsupported-" + module.name() + "-" + System.identityHashCode(loader),
            "instrumentation " + module.name() + " skipped for " + typeDescription.getName()
                + ": this library version is not supported (missing " + missing + ")");
      }
      if (loader == null) {
        bootstrapCompatible = ok;
      } else {
        synchronized (compatible) {
          compatible.put(loader, ok);
        }
      }
      return ok;
    }
  }

  /** How many classes loaded before the installation were instrumented (retransformed), for the attach line. */
  static int retransformed() {
    return RETRANSFORMED.get();
  }

  private static final AtomicInteger RETRANSFORMED = new AtomicInteger();

  private static final class Listener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
        DynamicType dynamicType) {
      if (loaded) {
        RETRANSFORMED.incrementAndGet();
      }
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
      AgentLog.debug("could not instrument " + typeName + ": " + throwable);
    }
  }

  /** A loaded class the JVM would not retransform: it stays as it was (split down to that class alone). */
  private static final class RetransformationErrors extends AgentBuilder.RedefinitionStrategy.Listener.Adapter {
    @Override
    public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable throwable,
        List<Class<?>> types) {
      if (batch.size() == 1) {
        AgentLog.warn("could not instrument the loaded class " + batch.get(0).getName() + ", left as it was: " + throwable);
      }
      return Collections.emptyList();
    }
  }
}
