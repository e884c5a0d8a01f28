package dev.tracer.agent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import dev.tracer.bootstrap.InternalThread;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/**
 * The installer in two halves, as in premain: between the gate and the completion (which the agent runs on a
 * thread of its own while the application starts), a class to instrument waits at the gate and is instrumented
 * once Byte Buddy's transformer is there; any other class is loaded at once.
 */
class InstallerGateTest {
  /** Inlined into {@code Greeter.greet}. */
  public static final class GreetAdvice {
    @Advice.OnMethodExit
    static void exit(@Advice.Return(readOnly = false) String greeting) {
      greeting = "advised";
    }
  }

  static final class GreeterModule implements InstrumentationModule {
    @Override
    public String name() {
      return "gate-test";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
      return List.of(new TypeInstrumentation() {
        @Override
        public ElementMatcher<TypeDescription> typeMatcher() {
          return namedOneOf("dev.tracer.gatetest.Greeter", "dev.tracer.gatetest.EarlyGreeter");
        }

        @Override
        public void transform(AdviceTarget target) {
          target.applyAdvice(named("greet"), GreetAdvice.class);
        }
      });
    }
  }

  @Test
  void aClassToInstrumentWaitsForTheInstallationAndOthersDoNot() throws Exception {
    Instrumentation inst = ByteBuddyAgent.install();
    Installer installer = new Installer(Collections.newSetFromMap(new IdentityHashMap<>()));
    installer.gate(inst, List.of(new GreeterModule()));

    FutureTask<Class<?>> greeter = new FutureTask<>(() -> load(greeterClass("dev.tracer.gatetest.Greeter")));
    Thread loading = new Thread(greeter, "loads-greeter");
    loading.start();
    for (int i = 0; i < 500 && loading.getState() != Thread.State.TIMED_WAITING; i++) {
      Thread.sleep(10);
    }
    assertThat(loading.getState()).as("waiting at the gate").isEqualTo(Thread.State.TIMED_WAITING);
    assertThat(greeter.isDone()).isFalse();

    Class<?> other = load(greeterClass("dev.tracer.gatetest.Other"));
    assertThat(greet(other)).as("not a class to instrument: loaded at once, as it is").isEqualTo("plain");

    // the agent's own threads never wait (the one completing the installation loads such classes too)
    FutureTask<Class<?>> early = new FutureTask<>(() -> load(greeterClass("dev.tracer.gatetest.EarlyGreeter")));
    Thread agentThread = new InternalThread(early, "tracer-test");
    agentThread.start();
    Class<?> earlyGreeter = early.get(30, TimeUnit.SECONDS);
    assertThat(greet(earlyGreeter)).as("loaded before the installation, as it is").isEqualTo("plain");

    installer.complete();
    assertThat(greet(greeter.get(30, TimeUnit.SECONDS))).isEqualTo("advised");
    assertThat(greet(earlyGreeter)).as("retransformed by the installation").isEqualTo("advised");
    // after the installation, at once
    assertThat(greet(load(greeterClass("dev.tracer.gatetest.Greeter")))).isEqualTo("advised");
  }

  /** What the sub-type test's classes implement. */
  public interface Greeting {}

  /** Advises {@code greet} of every {@link Greeting}; counts the calls of its transformer. */
  static final class GreetingModule implements InstrumentationModule {
    final java.util.concurrent.atomic.AtomicInteger transforms = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public String name() {
      return "gate-subtypes-test";
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
      return List.of(new TypeInstrumentation() {
        @Override
        public ElementMatcher<TypeDescription> typeMatcher() {
          return dev.tracer.api.SubTypeMatcher.classesOf(Greeting.class.getName());
        }

        @Override
        public void transform(AdviceTarget target) {
          transforms.incrementAndGet();
          target.applyAdvice(named("greet"), GreetAdvice.class);
        }
      });
    }
  }

  /**
   * The gate reads the super types of a class it walks without loading them: a class loaded while a transformer
   * runs on the same thread is never shown to any transformer (java.lang.instrument's reentrancy guard), and a
   * super type that is itself to be instrumented would be left as it is.
   */
  @Test
  void aSuperTypeDefinedAfterItsSubclassWasWalkedIsInstrumentedToo() throws Exception {
    Instrumentation inst = ByteBuddyAgent.install();
    new Installer(Collections.newSetFromMap(new IdentityHashMap<>())).install(inst, List.of(new GreetingModule()));
    java.nio.file.Path classes = java.nio.file.Files.createTempDirectory("subtypes");
    DynamicType.Unloaded<Object> base = new ByteBuddy().subclass(Object.class).implement(Greeting.class)
        .name("dev.tracer.gatetest.BaseGreeter")
        .defineMethod("greet", String.class, Visibility.PUBLIC).intercept(FixedValue.value("plain")).make();
    base.saveIn(classes.toFile());
    new ByteBuddy().subclass(base.getTypeDescription()).name("dev.tracer.gatetest.LeafGreeter")
        .defineMethod("greet", String.class, Visibility.PUBLIC).intercept(FixedValue.value("plain")).make()
        .saveIn(classes.toFile());

    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
        InstallerGateTest.class.getClassLoader())) {
      Class<?> leaf = Class.forName("dev.tracer.gatetest.LeafGreeter", true, loader); // its super class not loaded yet
      assertThat(greet(leaf)).isEqualTo("advised");
      assertThat(greet(leaf.getSuperclass())).as("the super class, read by the gate's walk, defined after it").isEqualTo("advised");
    }
  }

  /**
   * Advice goes on the methods a class declares: a sub-type that declares none of the advised methods is turned down
   * by the gate before its super types are walked, and is not transformed; its subclass that does declare one is.
   */
  @Test
  void aSubTypeThatDeclaresNoAdvisedMethodIsLeftAlone() throws Exception {
    GreetingModule counting = new GreetingModule();
    Instrumentation inst = ByteBuddyAgent.install();
    new Installer(Collections.newSetFromMap(new IdentityHashMap<>())).install(inst, List.of(counting));
    int atSetUp = counting.transforms.get(); // the advised method names are read from the advice once
    java.nio.file.Path classes = java.nio.file.Files.createTempDirectory("declared");
    DynamicType.Unloaded<Object> base = new ByteBuddy().subclass(Object.class).implement(Greeting.class)
        .name("dev.tracer.gatetest.DeclaringBase")
        .defineMethod("greet", String.class, Visibility.PUBLIC).intercept(FixedValue.value("plain")).make();
    base.saveIn(classes.toFile());
    DynamicType.Unloaded<?> middle = new ByteBuddy().subclass(base.getTypeDescription())
        .name("dev.tracer.gatetest.SilentMiddle")
        .defineMethod("hello", String.class, Visibility.PUBLIC).intercept(FixedValue.value("hello")).make();
    middle.saveIn(classes.toFile());
    new ByteBuddy().subclass(middle.getTypeDescription()).name("dev.tracer.gatetest.DeclaringLeaf")
        .defineMethod("greet", String.class, Visibility.PUBLIC).intercept(FixedValue.value("plain")).make()
        .saveIn(classes.toFile());

    try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
        InstallerGateTest.class.getClassLoader())) {
      Class<?> leaf = Class.forName("dev.tracer.gatetest.DeclaringLeaf", true, loader);
      assertThat(greet(leaf)).as("walked through a super class that was turned down").isEqualTo("advised");
      assertThat(greet(leaf.getSuperclass().getSuperclass())).isEqualTo("advised");
      assertThat(leaf.getSuperclass().getMethod("hello").invoke(leaf.getSuperclass().getConstructor().newInstance()))
          .isEqualTo("hello");
      assertThat(counting.transforms.get() - atSetUp).as("the leaf and the base; not the middle class").isEqualTo(2);
    }
  }

  /** The annotation of the annotated-methods test. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  public @interface Traced {}

  /**
   * A class is tried against an {@link dev.tracer.api.AnnotatedMethodsMatcher} only when its constant pool names the
   * annotation: the annotation library's presence is not looked up for the others, in a loader that has no class
   * using it (a search of its whole class path when the library is absent).
   */
  @Test
  void annotatedMethodsAreFoundFromTheConstantPoolAndOthersCostNoLookUp() throws Exception {
    InstrumentationModule annotated = annotatedModule();
    Instrumentation inst = ByteBuddyAgent.install();
    new Installer(Collections.newSetFromMap(new IdentityHashMap<>())).install(inst, List.of(annotated));
    java.nio.file.Path classes = java.nio.file.Files.createTempDirectory("annotated");
    greeterClass("dev.tracer.gatetest.UnannotatedGreeter").saveIn(classes.toFile());
    new ByteBuddy().subclass(Object.class).name("dev.tracer.gatetest.AnnotatedGreeter")
        .defineMethod("greet", String.class, Visibility.PUBLIC).intercept(FixedValue.value("plain"))
        .annotateMethod(net.bytebuddy.description.annotation.AnnotationDescription.Builder.ofType(Traced.class).build())
        .make().saveIn(classes.toFile());
    try (AnnotationLookUps loader = new AnnotationLookUps(classes)) {
      Class<?> unannotated = Class.forName("dev.tracer.gatetest.UnannotatedGreeter", true, loader);
      assertThat(greet(unannotated)).isEqualTo("plain");
      assertThat(loader.lookUps.get()).as("no class names the annotation: the library is not looked for").isZero();

      Class<?> greeter = Class.forName("dev.tracer.gatetest.AnnotatedGreeter", true, loader);
      assertThat(greet(greeter)).isEqualTo("advised");
      assertThat(loader.lookUps.get()).as("looked for once the annotation appears").isPositive();
    }
  }

  /**
   * The retransformation that completes the installation looks at the classes loaded before the gate and at those the
   * agent's own threads loaded past it: a class the gate saw defined is not looked at again, so its loader is not
   * searched for the annotation library (on a Spring Boot jar that search opened every nested jar, on the thread
   * completing the installation while the application started).
   */
  @Test
  void classesTheGateSawDefinedCostTheRetransformationNoLookUp() throws Exception {
    Instrumentation inst = ByteBuddyAgent.install();
    Installer installer = new Installer(Collections.newSetFromMap(new IdentityHashMap<>()));
    installer.gate(inst, List.of(annotatedModule()));
    java.nio.file.Path classes = java.nio.file.Files.createTempDirectory("past-gate");
    greeterClass("dev.tracer.gatetest.PastTheGate").saveIn(classes.toFile());
    try (AnnotationLookUps loader = new AnnotationLookUps(classes)) {
      Class<?> past = Class.forName("dev.tracer.gatetest.PastTheGate", true, loader);
      installer.complete();
      assertThat(greet(past)).isEqualTo("plain");
      assertThat(loader.lookUps.get()).as("a class defined past the gate: its loader is not searched again").isZero();
    }
  }

  /** Advises {@code greet} of classes with a method annotated {@link Traced}, a library it looks up first. */
  private static InstrumentationModule annotatedModule() {
    return new InstrumentationModule() {
      @Override
      public String name() {
        return "gate-annotated-test";
      }

      @Override
      public List<String> requiredClasses() {
        return List.of(Traced.class.getName());
      }

      @Override
      public List<TypeInstrumentation> typeInstrumentations() {
        return List.of(new TypeInstrumentation() {
          @Override
          public ElementMatcher<TypeDescription> typeMatcher() {
            return dev.tracer.api.AnnotatedMethodsMatcher.methodsAnnotatedWith(Traced.class.getName());
          }

          @Override
          public void transform(AdviceTarget target) {
            target.applyAdvice(named("greet"), GreetAdvice.class);
          }
        });
      }
    };
  }

  /** A loader of the classes in a folder that counts the look-ups of {@link Traced}'s class file. */
  private static final class AnnotationLookUps extends java.net.URLClassLoader {
    private static final String ANNOTATION_FILE = Traced.class.getName().replace('.', '/') + ".class";
    final java.util.concurrent.atomic.AtomicInteger lookUps = new java.util.concurrent.atomic.AtomicInteger();

    AnnotationLookUps(java.nio.file.Path classes) throws java.net.MalformedURLException {
      super(new java.net.URL[] {classes.toUri().toURL()}, InstallerGateTest.class.getClassLoader());
    }

    @Override
    public java.net.URL getResource(String name) {
      if (name.equals(ANNOTATION_FILE)) {
        lookUps.incrementAndGet();
      }
      return super.getResource(name);
    }
  }

  private static DynamicType.Unloaded<Object> greeterClass(String name) {
    return new ByteBuddy().subclass(Object.class).name(name)
        .defineMethod("greet", String.class, Visibility.PUBLIC).intercept(FixedValue.value("plain")).make();
  }

  private static Class<?> load(DynamicType.Unloaded<Object> type) {
    return type.load(InstallerGateTest.class.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded();
  }

  private static Object greet(Class<?> type) throws Exception {
    return type.getMethod("greet").invoke(type.getConstructor().newInstance());
  }
}
