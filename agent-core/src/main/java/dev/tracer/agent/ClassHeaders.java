package dev.tracer.agent;

import dev.tracer.api.SubTypeMatcher;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.dynamic.ClassFileLocator;

/**
 * Matches {@link SubTypeMatcher}s from class file headers: a class's access flags, super class and interfaces,
 * read without parsing fields, methods or code ({@link #headerOf}; for a class being defined, {@link #defined} also
 * tells which registered names its method table and constant pool have). Headers are cached per class loader, and each
 * keeps which of the matchers' super types it is (one bit each, {@link #targets}) once walked: a class's answer is
 * then its direct super types' bits, so a common super type is read and walked once, not once per subclass.
 */
final class ClassHeaders {
  /** Per loader; the JDK's and the libraries' base types stay, the long tail of application classes goes. */
  static final int HEADERS_PER_LOADER = 4096;

  private static final Header MISSING = new Header(0, null, new String[0]);
  private static final long UNKNOWN = 0x8000_0000_0000_0000L;
  /** Deeper than any real class hierarchy. */
  private static final int MAX_DEPTH = 200;

  /** Read-only once the first class is walked. */
  private final Map<String, Long> targetBits = new java.util.HashMap<>();
  private volatile boolean walked;

  /**
   * The class file locator of the class being transformed on this thread, set as Byte Buddy asks for its type
   * pool: it holds the class's own bytes, which a class generated at run time has nowhere else. Weak: it must
   * not keep a class loader alive once that transformation is over.
   */
  private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

  private final Map<ClassLoader, Map<String, Header>> byLoader = LoaderStores.weak("class-headers");
  private final Map<String, Header> boot = bounded();
  /** Types of the JDK's packages, which only the JDK's modules define: one copy for every loader. */
  private final Map<String, Header> jdk = bounded();
  /**
   * Per loader, where the classes of each package came from (the location of their code source, as a string: a
   * URL could hold its handler's class loader): a super type not loaded yet is looked for there first.
   */
  private final Map<ClassLoader, Map<String, String>> packageSources = LoaderStores.weak("package-sources");

  /** Called by {@link TypeCache} before Byte Buddy matches a class defined by {@code loader}. */
  static void transforming(ClassFileLocator locator, ClassLoader loader) {
    CURRENT.set(new Current(locator, loader));
  }

  /** The matcher's super types as internal names, the form {@link #matches} compares. */
  static Set<String> internalNames(SubTypeMatcher matcher) {
    Set<String> names = new HashSet<>();
    for (String name : matcher.superTypes()) {
      names.add(name.replace('.', '/'));
    }
    return names;
  }

  /**
   * The bits that stand for {@code internalNames} among the super types the sub-type matchers look for, given out
   * as matchers are set up, before any class is walked: the walk of a class's super types then comes down to the
   * bits of its direct super types, each computed once, instead of a walk of every one of them per class.
   */
  synchronized long targets(Set<String> internalNames) {
    long bits = 0;
    for (String name : internalNames) {
      Long bit = targetBits.get(name);
      if (bit == null) {
        if (walked) { // the bits kept in the headers walked so far would lack it
          throw new IllegalStateException("super types to look for are set up before classes are walked");
        }
        if (targetBits.size() == Long.SIZE - 1) {
          throw new IllegalStateException("more than " + (Long.SIZE - 1) + " super types to look for");
        }
        bit = 1L << targetBits.size();
        targetBits.put(name, bit);
      }
      bits |= bit;
    }
    return bits;
  }

  /**
   * The method names the sub-type matchers' advice goes on, a bit for each matcher: a class whose own methods have
   * none of them is not changed by that advice (advice goes on the methods a class declares), so the gate turns it
   * down before walking its super types, which is most of the gate's cost. Registered as the installation
   * completes; read as each class is defined.
   */
  final NameBits methodNames = new NameBits();
  /**
   * Names looked for among a class file's constants (an annotation's descriptor, say), a bit for each matcher: a
   * class whose constant pool has none of them cannot use them. Registered as the gate is set up.
   */
  final NameBits constantNames = new NameBits();

  /** Gives out the bits; 0 when none is left, and that matcher then goes without. */
  static final class NameBits {
    private volatile Names names = new Names(new byte[0][], new long[0], 0);

    synchronized long register(Set<String> added) {
      Names known = names;
      if (known.bitsGiven == Long.SIZE) {
        return 0;
      }
      long bit = 1L << known.bitsGiven;
      names = known.with(added, bit);
      return bit;
    }

    /** Those registered so far. */
    Names names() {
      return names;
    }
  }

  /** Names (of methods, or of constants) and the bits of the matchers that look for each; immutable. */
  static final class Names {
    private final byte[][] names;
    private final long[] bits;
    private final int bitsGiven;
    /** Bit n set when some name is n bytes long (names of 64 bytes or more set bit 63). */
    private final long lengths;

    Names(byte[][] names, long[] bits, int bitsGiven) {
      this.names = names;
      this.bits = bits;
      this.bitsGiven = bitsGiven;
      long lengths = 0;
      for (byte[] name : names) {
        lengths |= 1L << Math.min(name.length, 63);
      }
      this.lengths = lengths;
    }

    /** The bits given so far. */
    long given() {
      return bitsGiven == Long.SIZE ? -1L : (1L << bitsGiven) - 1;
    }

    Names with(Set<String> added, long bit) {
      byte[][] names = this.names.clone();
      long[] bits = this.bits.clone();
      for (String name : added) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8); // a method name's modified UTF-8, for all but NUL
        int found = -1;
        for (int i = 0; i < names.length; i++) {
          if (Arrays.equals(names[i], bytes)) {
            found = i;
          }
        }
        if (found < 0) {
          names = Arrays.copyOf(names, names.length + 1);
          bits = Arrays.copyOf(bits, bits.length + 1);
          found = names.length - 1;
          names[found] = bytes;
        }
        bits[found] |= bit;
      }
      return new Names(names, bits, bitsGiven + 1);
    }

    /** The bits of the names among the methods of the class file, whose fields start at {@code at}. */
    long declaredIn(byte[] b, int[] entries, int at) {
      at = skipMembers(b, at); // the fields
      int methodCount = u2(b, at);
      at += 2;
      long declared = 0;
      for (int m = 0; m < methodCount; m++) {
        int utf8 = entries[u2(b, at + 2)];
        int length = u2(b, utf8);
        if ((lengths & (1L << Math.min(length, 63))) != 0) {
          declared |= bitsOf(b, utf8 + 2, length);
        }
        at = skipAttributes(b, at + 6);
      }
      return declared;
    }

    private long bitsOf(byte[] b, int from, int length) {
      long found = 0;
      for (int i = 0; i < names.length; i++) {
        byte[] name = names[i];
        if (name.length == length && Arrays.equals(b, from, from + length, name, 0, length)) {
          found |= bits[i];
        }
      }
      return found;
    }

    private static int skipMembers(byte[] b, int at) {
      int count = u2(b, at);
      at += 2;
      for (int i = 0; i < count; i++) {
        at = skipAttributes(b, at + 6); // access, name, descriptor
      }
      return at;
    }

    /** Past the attribute count and the attributes that start at {@code at}. */
    private static int skipAttributes(byte[] b, int at) {
      int count = u2(b, at);
      at += 2;
      for (int i = 0; i < count; i++) {
        at += 6 + (((b[at + 2] & 0xFF) << 24) | ((b[at + 3] & 0xFF) << 16) | ((b[at + 4] & 0xFF) << 8) | (b[at + 5] & 0xFF));
      }
      return at;
    }
  }

  /** Whether the class named {@code name}, defined by {@code loader}, matches; {@code targets} of the matcher. */
  boolean matches(SubTypeMatcher matcher, long targets, String name, ClassLoader loader) {
    String type = name.replace('.', '/');
    Header own = header(type, loader);
    if (own == MISSING || !matcher.accepts(own.access)) {
      return false;
    }
    return (superTypes(type, own, loader, null) & targets) != 0;
  }

  /**
   * The header of a class file, read straight from it: past the constant pool, then access flags, this class, super
   * class and interfaces. ASM's reader is built for whole classes: it indexes the constant pool and, in a class with
   * lambdas, walks every field and method to find the bootstrap methods. Read once for every class an application
   * defines, it was the largest method the JIT compiled for the agent at start-up. Names are interned: thousands of
   * headers name the same few super types, which the caches would otherwise hold once per header. Throws an
   * unchecked exception for a class file it cannot read (a constant it does not know): Byte Buddy then decides.
   */
  static Header headerOf(byte[] b) {
    return headerOf(b, null, null, null);
  }

  /**
   * The header of a class being defined, and which of the registered names ({@link #methodNames},
   * {@link #constantNames}; either may be null) its own methods and its constant pool have: the constant pool is
   * walked for the header anyway, and the method table is right after it, past the fields.
   */
  static Defined defined(byte[] b, Names methods, Names constants) {
    long[] found = new long[2];
    Header header = headerOf(b, methods, constants, found);
    return new Defined(header, found[0], methods == null ? 0 : methods.given(), found[1],
        constants == null ? 0 : constants.given());
  }

  /** {@code found}, when given, receives the bits of the names the methods have, then of those the pool has. */
  private static Header headerOf(byte[] b, Names methods, Names constants, long[] found) {
    if (b.length < 10 || u2(b, 0) != 0xCAFE || u2(b, 2) != 0xBABE) {
      throw new IllegalArgumentException("not a class file");
    }
    int count = u2(b, 8);
    int[] entries = new int[count]; // where each constant's content starts, past its tag
    long mentioned = 0;
    long constantLengths = constants == null ? 0 : constants.lengths;
    int at = 10;
    for (int i = 1; i < count; i++) {
      entries[i] = at + 1;
      switch (b[at]) {
        case 1: // Utf8
          int length = u2(b, at + 1);
          if ((constantLengths & (1L << Math.min(length, 63))) != 0) {
            mentioned |= constants.bitsOf(b, at + 3, length);
          }
          at += 3 + length;
          break;
        case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
          at += 3;
          break;
        case 15: // MethodHandle
          at += 4;
          break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: // Integer, Float, refs, Dynamic
          at += 5;
          break;
        case 5: case 6: // Long, Double: two entries
          at += 9;
          i++;
          break;
        default:
          throw new IllegalArgumentException("unknown constant pool tag " + b[at]);
      }
    }
    int access = u2(b, at);
    int superClass = u2(b, at + 4);
    int interfaceCount = u2(b, at + 6);
    String[] interfaces = interfaceCount == 0 ? NO_INTERFACES : new String[interfaceCount];
    for (int i = 0; i < interfaceCount; i++) {
      interfaces[i] = className(b, entries, u2(b, at + 8 + 2 * i));
    }
    if (found != null) {
      found[0] = methods == null || methods.bitsGiven == 0 ? 0 : methods.declaredIn(b, entries, at + 8 + 2 * interfaceCount);
      found[1] = mentioned;
    }
    return new Header(access, superClass == 0 ? null : className(b, entries, superClass), interfaces);
  }

  private static int u2(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  /** The internal name a Class constant names, interned; modified UTF-8, which is ASCII for almost every name. */
  private static String className(byte[] b, int[] entries, int classIndex) {
    int utf8 = entries[u2(b, entries[classIndex])];
    int length = u2(b, utf8);
    for (int i = utf8 + 2; i < utf8 + 2 + length; i++) {
      if (b[i] < 0) {
        try {
          return new DataInputStream(new ByteArrayInputStream(b, utf8, length + 2)).readUTF().intern();
        } catch (IOException malformed) {
          throw new IllegalArgumentException("malformed class name", malformed);
        }
      }
    }
    return new String(b, utf8 + 2, length, StandardCharsets.ISO_8859_1).intern();
  }

  /** Keeps the header of a class about to be defined: it may be the super type of classes to come. */
  void remember(String type, Header header, ClassLoader loader) {
    Map<String, Header> cache = JdkPackages.holds(type) ? jdk : cache(loader);
    synchronized (cache) {
      cache.put(type, header);
    }
  }

  /**
   * The {@link #targets} among a class's super types, itself included: walked once for all sub-type matchers. A
   * super type not read yet is looked for first where the loader's classes of its package came from, then in
   * {@code codeSource}, where the class comes from, then through the loader.
   */
  long superTypes(String type, Header own, ClassLoader loader, ProtectionDomain domain) {
    walked = true;
    String source = sourceOf(domain);
    if (source != null && loader != null) {
      Map<String, String> sources = packageSources(loader);
      synchronized (sources) {
        sources.putIfAbsent(packageOf(type), source);
      }
    }
    return targetsOf(type, own, loader, source, 0);
  }

  /** Kept in the header once known; a type whose class file cannot be found counts as itself only. */
  private long targetsOf(String type, Header header, ClassLoader loader, String source, int depth) {
    if (header == MISSING) {
      return targetBit(type);
    }
    long known = header.targets;
    if (known != UNKNOWN) {
      return known;
    }
    if (depth > MAX_DEPTH) { // only class files that extend each other in a circle get here: maybe anything
      return -1L;
    }
    long targets = targetBit(type);
    if (header.superName != null && !header.superName.equals("java/lang/Object")) {
      targets |= targetsOf(header.superName, header(header.superName, loader, source), loader, source, depth + 1);
    }
    for (String implemented : header.interfaces) {
      targets |= targetsOf(implemented, header(implemented, loader, source), loader, source, depth + 1);
    }
    if (depth == 0 || targets != -1L) {
      header.targets = targets;
    }
    return targets;
  }

  private long targetBit(String type) {
    Long bit = targetBits.get(type);
    return bit == null ? 0 : bit;
  }

  /**
   * The same answer for a class already loaded (retransformed on attach): its super types are loaded too, so the
   * {@code Class} itself answers, without reading class files (a generated class has none).
   */
  static boolean matchesLoaded(SubTypeMatcher matcher, Set<String> internalNames, Class<?> type) {
    if (!matcher.accepts(type.getModifiers())) {
      return false;
    }
    ArrayDeque<Class<?>> pending = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    pending.add(type);
    for (Class<?> next = pending.poll(); next != null; next = pending.poll()) {
      if (!seen.add(next) || next == Object.class) {
        continue;
      }
      if (internalNames.contains(next.getName().replace('.', '/'))) {
        return true;
      }
      if (next.getSuperclass() != null) {
        pending.add(next.getSuperclass());
      }
      pending.addAll(Arrays.asList(next.getInterfaces()));
    }
    return false;
  }

  private Header header(String type, ClassLoader loader) {
    return header(type, loader, null);
  }

  private Header header(String type, ClassLoader loader, String codeSource) {
    Module jdkModule = JdkPackages.module(type);
    Map<String, Header> cache = jdkModule != null ? jdk : cache(loader);
    Header header;
    synchronized (cache) {
      header = cache.get(type);
    }
    if (header == null) {
      header = jdkModule != null ? readJdk(type, jdkModule) : null;
      String packageSource = header == null && loader != null ? packageSource(type, loader) : null;
      if (packageSource != null) {
        header = readFrom(packageSource, type);
      }
      if (header == null && codeSource != null && !codeSource.equals(packageSource)) {
        header = readFrom(codeSource, type);
      }
      if (header == null) {
        header = read(type, loader);
      }
      synchronized (cache) {
        cache.put(type, header);
      }
    }
    return header;
  }

  private static Header read(String type, ClassLoader loader) {
    Current current = CURRENT.get();
    ClassFileLocator locator = current == null ? null : current.locatorFor(loader);
    if (locator == null) {
      locator = loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader);
    }
    try {
      ClassFileLocator.Resolution resolution = locator.locate(type.replace('/', '.'));
      if (!resolution.isResolved()) {
        return MISSING;
      }
      return headerOf(resolution.resolve());
    } catch (IOException | RuntimeException unreadable) { // e.g. a class file newer than the reader knows
      return MISSING;
    }
  }

  /**
   * A JDK class file, straight from the module that holds its package: no class loader, no URL (a jrt: URL opened
   * while the JDK loads its own URL classes would fail, and fail for good).
   */
  private static Header readJdk(String type, Module module) {
    try (java.io.InputStream in = module.getResourceAsStream(type + ".class")) {
      return in == null ? MISSING : headerOf(in.readAllBytes());
    } catch (IOException | RuntimeException unreadable) {
      return MISSING;
    }
  }

  /**
   * The {@link #searchable} location of a domain's code source. Classes are defined in runs from one jar: the last
   * domain's is kept (weakly: the domain holds its class loader), and a URL is not turned into a string per class.
   */
  private String sourceOf(ProtectionDomain domain) {
    if (domain == null) {
      return null;
    }
    LastSource last = lastSource;
    if (last != null && last.domain.get() == domain) {
      return last.source;
    }
    CodeSource codeSource = domain.getCodeSource();
    String source = codeSource == null || codeSource.getLocation() == null ? null
        : searchable(codeSource.getLocation().toString());
    lastSource = new LastSource(domain, source);
    return source;
  }

  private volatile LastSource lastSource;

  private static final class LastSource {
    final WeakReference<ProtectionDomain> domain;
    final String source;

    LastSource(ProtectionDomain domain, String source) {
      this.domain = new WeakReference<>(domain);
      this.source = source;
    }
  }

  /**
   * A class's location when it is a nested jar or a directory, where looking for a super type is worth it: one look
   * there instead of a search of the loader's whole class path (a Spring Boot jar's nested jars one by one). Null
   * for a plain jar: its loader's own look-up is as quick, and opens it with the JDK's classes only.
   */
  private static String searchable(String location) {
    return location.startsWith("jar:") || (location.startsWith("file:") && location.endsWith("/")) ? location : null;
  }

  /** Where the classes of the type's package came from in that loader, if any was seen. */
  private String packageSource(String type, ClassLoader loader) {
    Map<String, String> sources = packageSources(loader);
    synchronized (sources) {
      return sources.get(packageOf(type));
    }
  }

  private Map<String, String> packageSources(ClassLoader loader) {
    synchronized (packageSources) {
      return packageSources.computeIfAbsent(loader, l -> new java.util.HashMap<>());
    }
  }

  private static String packageOf(String type) {
    int slash = type.lastIndexOf('/');
    return slash < 0 ? "" : type.substring(0, slash);
  }

  /** A class file from a nested jar or a directory ({@link #searchable}); null when it is not there. */
  private static Header readFrom(String location, String type) {
    try (java.io.InputStream in = new java.net.URL(location + type + ".class").openStream()) {
      return headerOf(in.readAllBytes());
    } catch (IOException | RuntimeException notThere) {
      return null;
    }
  }

  /** The JDK's packages (those of the boot layer's modules) and their modules, mapped once. */
  private static final class JdkPackages {
    private static final Map<String, Module> MODULES = new java.util.HashMap<>();

    static {
      for (Module module : ModuleLayer.boot().modules()) {
        for (String pkg : module.getPackages()) {
          MODULES.put(pkg.replace('.', '/'), module);
        }
      }
    }

    /** The module of an internal name's package, or null. */
    static Module module(String type) {
      return MODULES.get(packageOf(type)); // the unnamed package, "", is no module's
    }

    static boolean holds(String type) {
      return module(type) != null;
    }
  }

  private static final String[] NO_INTERFACES = new String[0];

  private Map<String, Header> cache(ClassLoader loader) {
    if (loader == null) {
      return boot;
    }
    synchronized (byLoader) {
      return byLoader.computeIfAbsent(loader, l -> bounded());
    }
  }

  private static Map<String, Header> bounded() {
    return new LinkedHashMap<String, Header>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Header> eldest) {
        return size() > HEADERS_PER_LOADER;
      }
    };
  }

  /** Access flags, super class and interfaces, as internal names ({@code java/lang/Object}). */
  static final class Header {
    final int access;
    final String superName;
    final String[] interfaces;
    /** The {@link #targets} among its super types once walked; a race computes the same value twice. */
    volatile long targets = UNKNOWN;

    Header(int access, String superName, String[] interfaces) {
      this.access = access;
      this.superName = superName;
      this.interfaces = interfaces;
    }
  }

  /**
   * What the gate reads of a class being defined: its header (which may be kept for its subclasses) and, for this
   * class only, the registered names its methods and constant pool have, of those registered when it was read.
   */
  static final class Defined {
    final Header header;
    final long declared;
    private final long looked;
    final long mentioned;
    private final long lookedInPool;

    Defined(Header header, long declared, long looked, long mentioned, long lookedInPool) {
      this.header = header;
      this.declared = declared;
      this.looked = looked;
      this.mentioned = mentioned;
      this.lookedInPool = lookedInPool;
    }

    /** False only when the class was read for the method names of {@code bit} and has none of them. */
    boolean mayDeclare(long bit) {
      return (looked & bit) == 0 || (declared & bit) != 0;
    }

    /** False only when the constant pool was read for the names of {@code bit} and has none of them. */
    boolean mayMention(long bit) {
      return (lookedInPool & bit) == 0 || (mentioned & bit) != 0;
    }
  }

  private static final class Current {
    private final WeakReference<ClassFileLocator> locator;
    private final WeakReference<ClassLoader> loader;
    private final boolean boot;

    Current(ClassFileLocator locator, ClassLoader loader) {
      this.locator = new WeakReference<>(locator);
      this.loader = new WeakReference<>(loader);
      this.boot = loader == null;
    }

    /** The locator, if it is still in use and for that loader. */
    ClassFileLocator locatorFor(ClassLoader wanted) {
      return (wanted == null ? boot : loader.get() == wanted) ? locator.get() : null;
    }
  }
}
