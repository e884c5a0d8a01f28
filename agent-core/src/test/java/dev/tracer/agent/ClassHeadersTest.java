package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.api.SubTypeMatcher;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

/** SubTypeMatcher from class file headers: the walk up super classes and interfaces, and the access flags. */
class ClassHeadersTest {
  interface Shape {}

  interface Polygon extends Shape {}

  abstract static class Base implements Polygon {}

  static final class Square extends Base {}

  static final class Unrelated implements Runnable {
    @Override
    public void run() {}
  }

  private final ClassHeaders headers = new ClassHeaders();
  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void classesThatExtendOrImplementTheTypeThroughAnyPathMatch() {
    SubTypeMatcher shapes = SubTypeMatcher.classesOf(Shape.class.getName());

    assertThat(matches(shapes, Square.class.getName())).isTrue();
    assertThat(matches(shapes, Base.class.getName())).isTrue();
    assertThat(matches(shapes, Polygon.class.getName())).as("an interface").isFalse();
    assertThat(matches(shapes, Unrelated.class.getName())).isFalse();
    assertThat(matches(shapes, "com.example.Missing")).isFalse();
  }

  @Test
  void concreteLeavesOutAbstractClasses() {
    SubTypeMatcher concrete = SubTypeMatcher.classesOf(Shape.class.getName()).concrete();

    assertThat(matches(concrete, Square.class.getName())).isTrue();
    assertThat(matches(concrete, Base.class.getName())).isFalse();
  }

  @Test
  void jdkInterfacesAreFoundThroughTheJdksOwnHierarchy() {
    // ArrayList → AbstractList → AbstractCollection → Collection; and List → Collection
    SubTypeMatcher collections = SubTypeMatcher.classesOf("java.util.Collection");

    assertThat(matches(collections, "java.util.ArrayList")).isTrue();
    assertThat(matches(collections, "java.util.HashMap")).isFalse();
  }

  @Test
  void aClassGeneratedAtRunTimeIsReadFromTheBytesBeingTransformed() {
    byte[] generated = new ByteBuddy().subclass(Base.class).name("dev.tracer.agent.GeneratedHexagon").make().getBytes();
    SubTypeMatcher shapes = SubTypeMatcher.classesOf(Shape.class.getName());

    // no class file anywhere: without the transformation's own locator, nothing to read
    assertThat(matches(shapes, "dev.tracer.agent.GeneratedHexagon")).isFalse();

    ClassHeaders fresh = new ClassHeaders();
    ClassFileLocator beingTransformed = new ClassFileLocator.Compound(
        ClassFileLocator.Simple.of("dev.tracer.agent.GeneratedHexagon", generated), ClassFileLocator.ForClassLoader.of(loader));
    ClassHeaders.transforming(beingTransformed, loader);
    assertThat(matches(fresh, shapes, "dev.tracer.agent.GeneratedHexagon", loader)).isTrue();
    // the locator belongs to this loader only
    assertThat(matches(new ClassHeaders(), shapes, "dev.tracer.agent.GeneratedHexagon", null)).isFalse();
  }

  @Test
  void theHierarchyOfAClassAboutToBeDefinedIsWalkedOnceFromItsOwnBytes() {
    byte[] generated = new ByteBuddy().subclass(Base.class).name("dev.tracer.agent.GeneratedOctagon").make().getBytes();
    ClassHeaders fresh = new ClassHeaders();
    long shape = fresh.targets(Set.of("dev/tracer/agent/ClassHeadersTest$Shape"));
    long itself = fresh.targets(Set.of("dev/tracer/agent/GeneratedOctagon"));
    long runnable = fresh.targets(Set.of("java/lang/Runnable"));
    ClassHeaders.Header own = ClassHeaders.headerOf(generated);
    long superTypes = fresh.superTypes("dev/tracer/agent/GeneratedOctagon", own, loader, null);

    assertThat(superTypes & shape).isNotZero();
    assertThat(superTypes & itself).as("itself").isNotZero();
    assertThat(superTypes & runnable).isZero();
    // kept: a sub class defined later finds it without a class file
    fresh.remember("dev/tracer/agent/GeneratedOctagon", own, loader);
    assertThat(matches(fresh, SubTypeMatcher.classesOf(Shape.class.getName()), "dev.tracer.agent.GeneratedOctagon",
        loader)).isTrue();
  }

  @Test
  void jdkSuperTypesComeFromTheirModuleAndSuperTypesFromTheDirectoryOfTheClass() throws Exception {
    // a JDBC-like class: its JDK interfaces are read from java.sql, the others beside it (its code source)
    byte[] generated = new ByteBuddy().subclass(Object.class).implement(java.sql.Wrapper.class, Polygon.class)
        .name("dev.tracer.agent.GeneratedWrapper").make().getBytes();
    java.net.URL codeSource = ClassHeadersTest.class.getProtectionDomain().getCodeSource().getLocation();
    ClassHeaders fresh = new ClassHeaders();
    long wrapper = fresh.targets(Set.of("java/sql/Wrapper"));
    long shape = fresh.targets(Set.of("dev/tracer/agent/ClassHeadersTest$Shape"));
    long superTypes = fresh.superTypes("dev/tracer/agent/GeneratedWrapper", ClassHeaders.headerOf(generated), null,
        domain(codeSource));

    assertThat(superTypes & wrapper).isNotZero();
    // the boot loader cannot see this test's classes; the code source of the class being defined can
    assertThat(superTypes & shape).isNotZero();
  }

  @Test
  void superTypesAreLookedForWhereTheirPackageCameFrom() throws Exception {
    // a loader that sees none of this test's classes, and a class from elsewhere that implements one of them
    java.net.URLClassLoader blind = new java.net.URLClassLoader(new java.net.URL[0], null);
    java.net.URL testClasses = ClassHeadersTest.class.getProtectionDomain().getCodeSource().getLocation();
    java.net.URL elsewhere = java.nio.file.Files.createTempDirectory("elsewhere").toUri().toURL();
    byte[] generated = new ByteBuddy().with(net.bytebuddy.dynamic.scaffold.TypeValidation.DISABLED)
        .subclass(Object.class).implement(Polygon.class)
        .name("other.GeneratedPolygon").make().getBytes();
    ClassHeaders.Header own = ClassHeaders.headerOf(generated);
    Set<String> shape = Set.of("dev/tracer/agent/ClassHeadersTest$Shape");

    // Polygon cannot be read, so its own super type, Shape, is not found
    ClassHeaders blindHeaders = new ClassHeaders();
    long blindShape = blindHeaders.targets(shape);
    assertThat(blindHeaders.superTypes("other/GeneratedPolygon", own, blind, domain(elsewhere)) & blindShape).isZero();

    // once a class of dev/tracer/agent came from the test classes, that package's types are read there
    ClassHeaders headers = new ClassHeaders();
    long bits = headers.targets(shape);
    byte[] seen = new ByteBuddy().subclass(Object.class).name("dev.tracer.agent.Seen").make().getBytes();
    headers.superTypes("dev/tracer/agent/Seen", ClassHeaders.headerOf(seen), blind, domain(testClasses));
    assertThat(headers.superTypes("other/GeneratedPolygon", ClassHeaders.headerOf(generated), blind, domain(elsewhere)) & bits)
        .isNotZero();
    blind.close();
  }

  private static java.security.ProtectionDomain domain(java.net.URL location) {
    return new java.security.ProtectionDomain(
        new java.security.CodeSource(location, (java.security.cert.Certificate[]) null), null);
  }

  /** The header read straight from the class file says what ASM's reader says, constant pools of every kind. */
  @Test
  void headersAreReadAsAsmReadsThem() throws Exception {
    java.util.List<byte[]> classFiles = new java.util.ArrayList<>();
    for (Class<?> type : new Class<?>[] {String.class, java.util.concurrent.ConcurrentHashMap.class, // longs, lambdas
        java.lang.invoke.MethodHandles.class, java.util.HashMap.class, Square.class, Polygon.class, Object.class,
        ClassHeadersTest.class, java.sql.Connection.class, Thread.State.class}) {
      try (java.io.InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
        classFiles.add(in.readAllBytes());
      }
    }
    net.bytebuddy.dynamic.DynamicType.Unloaded<?> nonAscii = new ByteBuddy().subclass(Base.class)
        .implement(Runnable.class).name("dev.tracer.agent.Grüße").defineMethod("run", void.class,
            java.lang.reflect.Modifier.PUBLIC).intercept(net.bytebuddy.implementation.StubMethod.INSTANCE).make();
    classFiles.add(nonAscii.getBytes());
    classFiles.add(new ByteBuddy().subclass(nonAscii.getTypeDescription()).name("dev.tracer.agent.Kleine").make()
        .getBytes());
    for (byte[] classFile : classFiles) {
      net.bytebuddy.jar.asm.ClassReader asm = new net.bytebuddy.jar.asm.ClassReader(classFile);
      ClassHeaders.Header header = ClassHeaders.headerOf(classFile);

      assertThat(header.access).as(asm.getClassName()).isEqualTo(asm.getAccess());
      assertThat(header.superName).as(asm.getClassName()).isEqualTo(asm.getSuperName());
      assertThat(header.interfaces).as(asm.getClassName()).containsExactly(asm.getInterfaces());
    }
    assertThat(ClassHeaders.headerOf(classFiles.get(classFiles.size() - 1)).superName)
        .as("a name in modified UTF-8").isEqualTo("dev/tracer/agent/Grüße");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ClassHeaders.headerOf(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Declares close and execute among fields with attributes (a constant) and methods with code. */
  abstract static class Declares implements AutoCloseable {
    static final String CONSTANT = "constant";
    private long count;

    @Override
    public void close() {
      count++;
    }

    int execute(String sql) {
      return sql.length() + (int) count;
    }
  }

  /** Calls close, and has an execute field, but declares neither method. */
  static final class Calls {
    int execute;

    void use(AutoCloseable closeable) throws Exception {
      closeable.close();
    }
  }

  /**
   * The method names the gate looks for are read from the method table: a class that only calls a method, or has
   * a field of that name, does not declare it. Every class file the header test reads is read to its end.
   */
  @Test
  void advisedMethodNamesAreReadFromTheClassFilesOwnMethods() throws Exception {
    long closing = headers.methodNames.register(Set.of("close", "prepareStatement"));
    ClassHeaders.Names before = headers.methodNames.names();
    long executing = headers.methodNames.register(Set.of("execute", "executeQuery"));
    ClassHeaders.Names names = headers.methodNames.names();

    assertThat(ClassHeaders.defined(classFile(Declares.class), names, null).declared).isEqualTo(closing | executing);
    assertThat(ClassHeaders.defined(classFile(Calls.class), names, null).declared).isZero();
    assertThat(ClassHeaders.defined(classFile(java.io.InputStream.class), names, null).declared).isEqualTo(closing);
    assertThat(ClassHeaders.defined(classFile(java.sql.Connection.class), names, null).declared)
        .as("an interface's abstract methods are declared too").isEqualTo(closing);
    assertThat(ClassHeaders.defined(classFile(Declares.class), null, null).declared).as("no names asked for").isZero();
    assertThat(ClassHeaders.defined(classFile(Calls.class), names, null).mayDeclare(executing)).isFalse();
    assertThat(ClassHeaders.defined(classFile(Calls.class), before, null).mayDeclare(closing)).isFalse();
    assertThat(ClassHeaders.defined(classFile(Calls.class), before, null).mayDeclare(executing))
        .as("read before those names were known").isTrue();
  }

  /** A type named in the constant pool (as a descriptor, say of an annotation) is told from the pool alone. */
  @Test
  void namesInTheConstantPoolAreFound() throws Exception {
    long deprecated = headers.constantNames.register(Set.of("Ljava/lang/Deprecated;"));
    long closeable = headers.constantNames.register(Set.of("java/lang/AutoCloseable"));
    ClassHeaders.Names constants = headers.constantNames.names();

    ClassHeaders.Defined declares = ClassHeaders.defined(classFile(Declares.class), null, constants);
    assertThat(declares.mentioned).isEqualTo(closeable);
    assertThat(declares.mayMention(deprecated)).isFalse();
    assertThat(ClassHeaders.defined(classFile(OldStyle.class), null, constants).mayMention(deprecated)).isTrue();
    assertThat(ClassHeaders.defined(classFile(OldStyle.class), null, null).mayMention(deprecated)).as("not read for it").isTrue();
  }

  static final class OldStyle {
    @Deprecated
    void old() {}
  }

  private static byte[] classFile(Class<?> type) throws java.io.IOException {
    try (java.io.InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
      return in.readAllBytes();
    }
  }

  private boolean matches(SubTypeMatcher matcher, String name) {
    return matches(headers, matcher, name, loader);
  }

  private static boolean matches(ClassHeaders headers, SubTypeMatcher matcher, String name, ClassLoader loader) {
    return headers.matches(matcher, headers.targets(ClassHeaders.internalNames(matcher)), name, loader);
  }

  @Test
  void aSuperTypeToLookForIsSetUpBeforeAnyClassIsWalked() {
    ClassHeaders fresh = new ClassHeaders();
    long shape = fresh.targets(Set.of("dev/tracer/agent/ClassHeadersTest$Shape"));
    assertThat(matches(fresh, SubTypeMatcher.classesOf(Shape.class.getName()), Square.class.getName(), loader)).isTrue();

    assertThat(fresh.targets(Set.of("dev/tracer/agent/ClassHeadersTest$Shape"))).isEqualTo(shape);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fresh.targets(Set.of("java/lang/Runnable")))
        .isInstanceOf(IllegalStateException.class);
  }
}
