package dev.tracer.agent;

import dev.tracer.api.AgentLog;
import dev.tracer.api.AnnotatedMethodsMatcher;
import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SubTypeMatcher;
import dev.tracer.api.TypeInstrumentation;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.InternalThread;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
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
  private final TypeCache types = new TypeCache();
  private final Ignored ignored = new Ignored();
  private volatile Instrumentation inst;
  /** The thread running {@link #complete}: it never waits at the gate. */
  private volatile Thread completing;
  /**
   * The classes loaded when the gate was set up: with those the agent's own threads load past the closed gate, the
   * only ones the retransformation looks at. Every other class the gate saw defined, and instrumented if it matched
   * (its loading thread waited for that): looking at it again would cost a look-up of its library in its loader, which
   * on a Spring Boot jar opens every nested jar.
   */
  private Set<Class<?>> loadedBeforeGate;

  public Installer(Set<ClassLoader> agentLoaders) {
    this.agentLoaders = agentLoaders;
  }

  /**
   * The first half, in {@code premain}: the instrumentations' matchers and the gate in front of Byte Buddy,
   * registered at once, so that no class loaded from here on escapes. A class that may match waits (in its
   * loading thread) for {@link #complete}, which the agent runs on a thread of its own while the application
   * starts: building Byte Buddy's transformer costs a few hundred milliseconds that the application need not wait
   * for, and on a Spring Boot start the first class to instrument comes seconds later.
   */
  public void gate(Instrumentation inst, List<InstrumentationModule> modules) {
    this.inst = inst;
    HelperInjector.Definer definer = HelperInjector.Definer.open(inst);
    for (InstrumentationModule module : modules) {
      List<Instrumented> ofModule = new ArrayList<>();
      List<ElementMatcher<TypeDescription>> byName = new ArrayList<>(); // null: a sub-type matcher
      try {
        HelperInjector helpers = new HelperInjector(module, definer);
        LibraryPresence presence = new LibraryPresence(module.requiredClasses());
        for (TypeInstrumentation type : module.typeInstrumentations()) {
          ElementMatcher<TypeDescription> matcher = type.typeMatcher();
          Candidate raw = matcher instanceof SubTypeMatcher
              ? new SubTypesFromHeaders(presence, (SubTypeMatcher) matcher, type, headers)
              : matcher instanceof AnnotatedMethodsMatcher
                  ? new AnnotatedFromConstants(presence, (AnnotatedMethodsMatcher) matcher, headers)
                  : new WhereLibraryIsPresent(presence, matcher);
          ofModule.add(new Instrumented(raw, new ModuleTransformer(module, type, helpers),
              instrumented.size() + ofModule.size()));
          byName.add(matcher instanceof SubTypeMatcher ? null : matcher);
        }
        // the gate knows a module's matchers only once all of them are set up, as Byte Buddy does
        instrumented.addAll(ofModule);
        for (int i = 0; i < ofModule.size(); i++) {
          candidates.add(byName.get(i), ofModule.get(i));
        }
      } catch (Throwable t) { // an extension's module: the others are still installed
        AgentLog.warn("instrumentation " + module.name() + " could not be set up, skipped: " + t);
      }
    }
    AgentLog.debug("class gate: " + (instrumented.size() - candidates.anyName().size()) + " of " + instrumented.size()
        + " type matchers looked up by class name, the others tried on every class");
    inst.addTransformer(gate, true);
    // taken after the gate is there: a class is in here, or the gate sees it defined
    loadedBeforeGate = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Class<?> type : inst.getAllLoadedClasses()) {
      loadedBeforeGate.add(type);
    }
  }

  /**
   * The names of the methods a type instrumentation advises, read from its method matchers as {@link NameIndex}
   * reads type matchers; null when one of them may match a method of any name (or cannot be read).
   */
  static Set<String> adviceMethodNames(TypeInstrumentation type) {
    Set<String> names = new HashSet<>();
    boolean[] anyName = {false};
    try {
      type.transform(new TypeInstrumentation.AdviceTarget() {
        @Override
        public TypeInstrumentation.AdviceTarget applyAdvice(ElementMatcher<? super MethodDescription> methods,
            Class<?> adviceClass) {
          Set<String> named = NameIndex.namesOf(methods);
          if (named == null) {
            anyName[0] = true;
          } else {
            names.addAll(named);
          }
          return this;
        }
      });
    } catch (Throwable t) { // the transformer reports it when a class matches
      return null;
    }
    return anyName[0] || names.isEmpty() ? null : names;
  }

  /**
   * The second half: Byte Buddy's transformation behind the gate, then the classes loaded before the gate opened
   * (all of them on attach) that match, retransformed.
   */
  public void complete() {
    completing = Thread.currentThread();
    try {
      for (Instrumented each : instrumented) {
        if (each.matcher instanceof SubTypesFromHeaders) {
          ((SubTypesFromHeaders) each.matcher).learnMethodNames();
        }
      }
      Transformation transformation = new Transformation();
      gate.open(transformation);
      retransformLoaded(transformation);
    } finally {
      completing = null;
    }
  }

  /**
   * The classes loaded before the gate opened (the JDK's before {@code premain}, all of them on attach, what the
   * agent's own threads loaded meanwhile) that an instrumentation matches, retransformed. The first look finds them
   * all but a class an agent thread was still defining as the gate opened; a second look finds that one. A few
   * looks at most: an application that keeps generating classes would keep it going, and what it loads now the
   * gate transforms as it is loaded.
   */
  private void retransformLoaded(Transformation transformation) {
    Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int lookedAt = 0;
    boolean fresh = true;
    for (int look = 0; fresh && look < 3; look++) {
      fresh = false;
      List<Class<?>> matched = new ArrayList<>();
      for (Class<?> type : inst.getAllLoadedClasses()) {
        if (seen.add(type)) {
          fresh = true;
          if (loadedBeforeGate.contains(type) || gate.letThrough(type)) {
            lookedAt++;
            if (transformation.matchesLoaded(type)) {
              matched.add(type);
            }
          }
        }
      }
      retransform(matched);
    }
    AgentLog.debug("retransformation: " + lookedAt + " classes loaded before the gate or past it on the agent's threads"
        + " looked at, " + (seen.size() - lookedAt) + " that the gate saw defined left alone");
    loadedBeforeGate = null;
    gate.forgetLetThrough();
  }

  /** A class the JVM refuses to retransform is retried alone, so that it does not take the rest with it. */
  private void retransform(List<Class<?>> types) {
    if (types.isEmpty()) {
      return;
    }
    try {
      inst.retransformClasses(types.toArray(new Class<?>[0]));
    } catch (Throwable refused) {
      if (types.size() == 1) {
        AgentLog.warn("could not instrument the loaded class " + types.get(0).getName() + ", left as it was: " + refused);
        return;
      }
      for (Class<?> type : types) {
        retransform(Collections.singletonList(type));
      }
    }
  }

  /** The agent could not complete: classes stop waiting and stay as they are. */
  void abandon() {
    gate.abandon();
  }

  /** Both halves at once: on attach, and for the in-process test harness. */
  public void install(Instrumentation inst, List<InstrumentationModule> modules) {
    gate(inst, modules);
    complete();
  }

  private final List<Instrumented> instrumented = new ArrayList<>();
  /** The gate's matchers by the class names they match; set up in {@link #gate}, read-only after. */
  private final NameIndex<Instrumented> candidates = new NameIndex<>();
  private final CandidateGate gate = new CandidateGate();

  /** One type instrumentation: its matcher (which also answers the gate), its transformer, its place in the order. */
  private static final class Instrumented {
    final Candidate matcher;
    final ModuleTransformer transformer;
    final int order;

    Instrumented(Candidate matcher, ModuleTransformer transformer, int order) {
      this.matcher = matcher;
      this.transformer = transformer;
      this.order = order;
    }
  }

  /**
   * The instrumentations that may match a class of this name, in the order they were installed (the order their
   * advice goes on): those that name it, and those that name no class. Byte Buddy then matches far fewer than all.
   */
  private List<Instrumented> mayMatch(String className) {
    List<Instrumented> named = candidates.named(className);
    List<Instrumented> any = candidates.anyName();
    if (named.isEmpty()) {
      return any;
    }
    List<Instrumented> merged = new ArrayList<>(named.size() + any.size());
    int i = 0;
    int j = 0;
    while (i < named.size() || j < any.size()) {
      merged.add(j == any.size() || (i < named.size() && named.get(i).order < any.get(j).order)
          ? named.get(i++) : any.get(j++));
    }
    return merged;
  }

  /** A raw matcher that can also say, from a class's name (and class file), whether the class may match at all. */
  private interface Candidate extends AgentBuilder.RawMatcher {
    /** False only when the class cannot match; {@code type} knows its name only. */
    boolean candidate(ClassToDefine type, ClassLoader loader);

    /** True when the class being defined cannot match, told from what the gate read of its class file already. */
    default boolean excludes(ClassToDefine type) {
      return false;
    }
  }

  /**
   * In front of Byte Buddy's transformer: a class is handed to Byte Buddy only when one of the instrumentations
   * may match it, decided from its name, its loader and, for sub-type matchers, the class file headers. Byte Buddy
   * would come to the same answer for the others, after building a type pool and a description for each of the
   * tens of thousands of classes an application loads and trying every matcher on it: on a Spring Boot start that
   * work, and the compilation of the Byte Buddy code it makes hot, was most of the agent's cost.
   * Classes being retransformed always go to Byte Buddy: the installer matched them already
   * ({@link Transformation#matchesLoaded}).
   */
  private final class CandidateGate implements ClassFileTransformer {
    /** How long a class that may match waits for Byte Buddy's transformer, at most. */
    private static final long WAIT_SECONDS = 30;

    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile Transformation transformation;
    /**
     * Loader (null for the boot loader: an identity map takes it) and names of the classes agent threads loaded while
     * the gate was closed, until the retransformation has looked.
     */
    private final Map<ClassLoader, Set<String>> passedClosed = new IdentityHashMap<>();
    /** Guarded by {@link #passedClosed}: the gate never opens, nothing is retransformed. */
    private boolean abandoned;

    /** The agent could not start: nothing waits any longer, nothing is instrumented. */
    void abandon() {
      synchronized (passedClosed) {
        abandoned = true;
      }
      forgetLetThrough();
      opened.countDown();
    }

    void open(Transformation transformation) {
      synchronized (passedClosed) { // no class is let through closed after this
        this.transformation = transformation;
      }
      opened.countDown();
    }

    /** Whether an agent thread loaded this class while the gate was closed, and so without instrumenting it. */
    boolean letThrough(Class<?> type) {
      ClassLoader loader = type.getClassLoader();
      synchronized (passedClosed) {
        Set<String> names = passedClosed.get(loader);
        return names != null && names.contains(type.getName().replace('.', '/'));
      }
    }

    /** Once the retransformation has looked: nothing keeps those loaders. */
    void forgetLetThrough() {
      synchronized (passedClosed) {
        passedClosed.clear();
      }
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
        byte[] classFile) throws IllegalClassFormatException {
      return transform(null, loader, internalName, redefined, domain, classFile);
    }

    /**
     * A class loaded while this thread is in here already (reading a class file loads the loader's URL handling, say)
     * is left alone, as Byte Buddy leaves a class loaded during its own transformation: looking at it could need
     * the very class being loaded.
     */
    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
        ProtectionDomain domain, byte[] classFile) throws IllegalClassFormatException {
      boolean[] inGate = IN_GATE.get();
      if (inGate[0]) {
        return null;
      }
      inGate[0] = true;
      try {
        ClassToDefine type = redefined == null && internalName != null
            ? new ClassToDefine(internalName, classFile, headers, loader, domain) : null;
        Transformation transformation = transformationFor(type, loader, internalName, redefined);
        return transformation == null ? null
            : transformation.transform(module, loader, internalName, redefined, domain, classFile, type);
      } finally {
        inGate[0] = false;
      }
    }

    private Transformation transformationFor(ClassToDefine type, ClassLoader loader, String internalName,
        Class<?> redefined) {
      if (redefined == null && !candidate(type, loader)) {
        return null;
      }
      Transformation transformation = this.transformation;
      if (transformation != null || redefined != null) {
        return transformation;
      }
      if (Thread.currentThread() == completing || InternalThread.current()) {
        // the agent's own threads never wait: what they load now is loaded before Byte Buddy's transformer is
        // installed, and so retransformed once it is
        return passClosed(loader, internalName);
      }
      try {
        if (!opened.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          AgentLog.warnOnce("gate-wait", "the agent was not ready after " + WAIT_SECONDS + " s: "
              + internalName.replace('/', '.') + " and any other class loaded until it is are instrumented once it is");
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      return passClosed(loader, internalName);
    }

    /** The transformation, or null and the class noted for the retransformation while the gate is closed. */
    private Transformation passClosed(ClassLoader loader, String internalName) {
      synchronized (passedClosed) {
        if (transformation == null && !abandoned) {
          Set<String> names = passedClosed.get(loader);
          if (names == null) {
            passedClosed.put(loader, names = new HashSet<>());
          }
          names.add(internalName);
        }
        return transformation;
      }
    }

    /** {@code type} is null for a hidden class, which has no name: Byte Buddy leaves it too. */
    private boolean candidate(ClassToDefine type, ClassLoader loader) {
      if (type == null) {
        return false;
      }
      try {
        if (ignored.matches(type, loader, null, null, null)) {
          return false;
        }
        return anyCandidate(candidates.named(type.getName()), type, loader)
            || anyCandidate(candidates.anyName(), type, loader);
      } catch (Throwable t) { // Byte Buddy decides, as it did without the gate
        return true;
      }
    }
  }

  private static boolean anyCandidate(List<Instrumented> matchers, ClassToDefine type, ClassLoader loader) {
    for (int i = 0; i < matchers.size(); i++) {
      if (matchers.get(i).matcher.candidate(type, loader)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this thread is in the gate: a flag per thread kept (not set and removed per class, the gate's hottest path). */
  private static final ThreadLocal<boolean[]> IN_GATE = new ThreadLocal<boolean[]>() {
    @Override
    protected boolean[] initialValue() { // no lambda: nothing to bootstrap on a first class loaded in the gate
      return new boolean[1];
    }
  };

  /** The class the gate looks at: its name; its header and super types read only if a sub-type matcher asks. */
  static final class ClassToDefine extends NameOnlyType {
    private final String internalName;
    private final byte[] classFile;
    private final ClassHeaders headers;
    private final ClassLoader loader;
    private final ProtectionDomain domain;
    private ClassHeaders.Defined defined;
    private boolean unreadable;
    private long superTypes = UNWALKED;

    ClassToDefine(String internalName, byte[] classFile, ClassHeaders headers, ClassLoader loader,
        ProtectionDomain domain) {
      super(internalName.replace('/', '.'));
      this.internalName = internalName;
      this.classFile = classFile;
      this.headers = headers;
      this.loader = loader;
      this.domain = domain;
    }

    /**
     * Its header (kept for the sub classes that may come) and the registered names it has; null when the class file
     * cannot be read.
     */
    ClassHeaders.Defined defined() {
      if (defined == null && !unreadable) {
        try {
          defined = ClassHeaders.defined(classFile, headers.methodNames.names(), headers.constantNames.names());
          if ((defined.header.access & java.lang.reflect.Modifier.FINAL) == 0) { // a final class is nobody's super type
            headers.remember(internalName, defined.header, loader);
          }
        } catch (RuntimeException e) { // e.g. a class file newer than the reader knows: Byte Buddy decides
          unreadable = true;
        }
      }
      return defined;
    }

    /** The sub-type matchers' {@link ClassHeaders#targets} among its super types; all bits set when unreadable. */
    long superTypes() {
      if (superTypes == UNWALKED) {
        if (defined() == null) {
          return -1L;
        }
        superTypes = headers.superTypes(internalName, defined.header, loader, domain);
      }
      return superTypes;
    }

    private static final long UNWALKED = 0x8000_0000_0000_0000L;
  }

  /**
   * Byte Buddy's part, behind the gate: a class is described from its class file, matched against every
   * instrumentation, and decorated with the advice of those that match; no member is added, nothing is injected.
   * What Byte Buddy's {@code AgentBuilder} would do here, without what the agent does not use: its transformer
   * registered beside the gate (a subclass it generated at start-up, 0.13 s), its own matching of every class loaded
   * before the gate, its Nexus.
   */
  private final class Transformation {
    private final ByteBuddy byteBuddy = new ByteBuddy()
        .with(TypeValidation.DISABLED)
        // no class format changes: a retransformed class keeps its members
        .with(Implementation.Context.Disabled.Factory.INSTANCE)
        // advice decorates the methods a class declares: the graph of every method it inherits, which Byte Buddy
        // would otherwise compile by describing the whole hierarchy, is never needed
        .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

    /**
     * The class file instrumented, or null when nothing matches or it cannot be (reported at debug level);
     * {@code defined} is what the gate read of a class being defined, null on retransformation.
     */
    byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
        ProtectionDomain domain, byte[] classFile, ClassToDefine defined) {
      String name = internalName.replace('/', '.');
      try {
        JavaModule javaModule = module == null ? null : JavaModule.of(module);
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
            LOCATIONS.classFileLocator(loader, javaModule));
        TypePool pool = types.typePool(locator, loader, name);
        // lazy: parsed only as far as a matcher needs more than the name
        TypeDescription type = pool.describe(name).resolve();
        if (redefined != null && ignored.matches(type, loader, javaModule, redefined, domain)) {
          return null;
        }
        DynamicType.Builder<?> builder = null;
        boolean changed = false;
        for (Instrumented each : mayMatch(name)) {
          if ((defined == null || !each.matcher.excludes(defined))
              && each.matcher.matches(type, loader, javaModule, redefined, domain)) {
            DynamicType.Builder<?> before = builder != null ? builder : byteBuddy.decorate(type, locator);
            builder = each.transformer.transform(before, type, loader, javaModule, domain);
            changed |= builder != before;
          }
        }
        if (!changed) {
          return null;
        }
        byte[] transformed = builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
        if (redefined != null) {
          RETRANSFORMED.incrementAndGet();
        }
        return transformed;
      } catch (Throwable t) { // e.g. a class file Byte Buddy cannot read: the class stays as it is
        AgentLog.debug("could not instrument " + name + ": " + t);
        return null;
      }
    }

    /** Whether an instrumentation matches a class already loaded: its name first, then its class file or itself. */
    boolean matchesLoaded(Class<?> type) {
      String name = type.getName();
      ClassLoader loader = type.getClassLoader();
      if (name.indexOf('/') >= 0 || !inst.isModifiableClass(type) // hidden classes, arrays, primitives
          || ignored.matches(new NameOnlyType(name), loader, null, type, null)) {
        return false;
      }
      List<Instrumented> mayMatch = mayMatch(name);
      if (mayMatch.isEmpty()) {
        return false;
      }
      try {
        JavaModule module = JavaModule.ofType(type);
        // lazy: the class file is read only if a matcher needs more than the name
        TypeDescription description = types.typePool(LOCATIONS.classFileLocator(loader, module), loader)
            .describe(name).resolve();
        ProtectionDomain domain = type.getProtectionDomain();
        for (Instrumented each : mayMatch) {
          boolean matches;
          try {
            matches = each.matcher.matches(description, loader, module, type, domain);
          } catch (IllegalStateException noClassFile) { // generated at run time: the loaded class describes itself
            description = TypeDescription.ForLoadedType.of(type);
            matches = each.matcher.matches(description, loader, module, type, domain);
          }
          if (matches) {
            return true;
          }
        }
      } catch (Throwable t) {
        AgentLog.debug("could not match the loaded class " + name + ": " + t);
      }
      return false;
    }
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
  private static final class WhereLibraryIsPresent implements Candidate {
    private final LibraryPresence presence;
    private final ElementMatcher<? super TypeDescription> matcher;
    /** Whether the matcher turns a class down by its name (most name the classes they instrument). */
    private final boolean byName;

    WhereLibraryIsPresent(LibraryPresence presence, ElementMatcher<? super TypeDescription> matcher) {
      this.presence = presence;
      this.matcher = matcher;
      this.byName = NameOnlyType.decide(matcher, new NameOnlyType("dev.tracer.agent.NoSuchClass")) != null;
    }

    /** The name first: the library's presence is looked up (a class path search) only for a class it may match. */
    @Override
    public boolean candidate(ClassToDefine type, ClassLoader loader) {
      return (!byName || NameOnlyType.decide(matcher, type) != Boolean.FALSE) && presence.in(loader);
    }

    /**
     * A matcher that decides by name goes first: on retransformation Byte Buddy asks about every class loaded, in
     * every loader, and a library's absence is a search of the loader's whole class path.
     */
    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
        ProtectionDomain domain) {
      if (byName) {
        return matcher.matches(type) && presence.in(loader);
      }
      return presence.in(loader) && matcher.matches(type);
    }
  }

  /**
   * A {@link SubTypeMatcher}, matched from class file headers. The library's presence is looked up only for a class
   * whose super types include one of the matcher's: every class loader but the boot loader sees the JDK's JDBC
   * types, so a class's super types are walked anyway, and asking first whether the loader sees JMS, Quartz or
   * Apache's HTTP clients cost a search of its whole class path for each absent one. Before the walk, a class whose
   * own methods have none of the names the advice goes on is turned down: its advice would change nothing.
   */
  private static final class SubTypesFromHeaders implements Candidate {
    private final LibraryPresence library;
    private final LibraryPresence superTypes;
    private final SubTypeMatcher matcher;
    private final Set<String> internalNames;
    private final long targets;
    private final TypeInstrumentation type;
    /**
     * The bit of the advised methods' names in the class headers, learnt as the installation completes (it loads
     * the advice classes, which premain need not wait for); 0 until then, and when advice may go on any method.
     */
    private volatile long methodBit;
    private final ClassHeaders headers;

    SubTypesFromHeaders(LibraryPresence library, SubTypeMatcher matcher, TypeInstrumentation type, ClassHeaders headers) {
      this.library = library;
      this.superTypes = new LibraryPresence(matcher.superTypes());
      this.matcher = matcher;
      this.headers = headers;
      this.internalNames = ClassHeaders.internalNames(matcher);
      this.targets = headers.targets(internalNames);
      this.type = type;
    }

    void learnMethodNames() {
      Set<String> names = adviceMethodNames(type);
      methodBit = names == null ? 0 : headers.methodNames.register(names);
    }

    /** Where the library is, the super types, walked once for every sub-type matcher. */
    @Override
    public boolean candidate(ClassToDefine type, ClassLoader loader) {
      if (loader == null && !present(null)) { // the boot loader's classes, the JDK's, are not walked for nothing
        return false;
      }
      return !excludes(type) && (type.superTypes() & targets) != 0 && present(loader);
    }

    /**
     * Not a kind of class the matcher takes, or one whose own methods have none of the advised names (told only by
     * a header read once those names were known).
     */
    @Override
    public boolean excludes(ClassToDefine type) {
      ClassHeaders.Defined defined = type.defined();
      return defined != null && (!matcher.accepts(defined.header.access) || !defined.mayDeclare(methodBit));
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
        ProtectionDomain domain) {
      if (classBeingRedefined != null) {
        // a class already loaded (on attach, or before premain) knows its super types, class file or not; the
        // JDK's classes, most of those loaded before premain, are not walked for nothing
        if (loader == null && !present(null)) {
          return false;
        }
        return ClassHeaders.matchesLoaded(matcher, internalNames, classBeingRedefined) && present(loader);
      }
      return headers.matches(matcher, targets, type.getName(), loader) && present(loader);
    }

    private boolean present(ClassLoader loader) {
      return library.in(loader) && superTypes.in(loader);
    }
  }

  /**
   * An {@link AnnotatedMethodsMatcher}: a class that annotates a method with one of its annotations names the
   * annotation's descriptor in its constant pool, which the gate reads for every class anyway. Only such a class
   * makes the library's presence be looked up: an application without the annotations never searches for them.
   */
  private static final class AnnotatedFromConstants implements Candidate {
    private final LibraryPresence presence;
    private final AnnotatedMethodsMatcher matcher;
    private final long bit;

    AnnotatedFromConstants(LibraryPresence presence, AnnotatedMethodsMatcher matcher, ClassHeaders headers) {
      this.presence = presence;
      this.matcher = matcher;
      Set<String> descriptors = new HashSet<>();
      for (String annotation : matcher.annotations()) {
        descriptors.add("L" + annotation.replace('.', '/') + ";");
      }
      this.bit = headers.constantNames.register(descriptors);
    }

    @Override
    public boolean candidate(ClassToDefine type, ClassLoader loader) {
      return !excludes(type) && presence.in(loader);
    }

    @Override
    public boolean excludes(ClassToDefine type) {
      ClassHeaders.Defined defined = type.defined();
      return defined != null && !defined.mayMention(bit);
    }

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
        ProtectionDomain domain) {
      return presence.in(loader) && matcher.matches(type);
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
          result.set(0, result.get(0).visit(types.advice(adviceClass, loader).on(methods)));
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
}
