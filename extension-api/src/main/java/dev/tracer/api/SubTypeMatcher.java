package dev.tracer.api;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Classes that extend or implement one of the named types, directly or through their super types: the matcher
 * for "every {@code java.sql.Statement}" or "every servlet". Prefer it to {@code hasSuperType(...)}: the agent
 * matches it from class file headers (super class and interfaces only) and only in class loaders that see one
 * of the named types, where Byte Buddy's hierarchy matcher describes every class loaded and its super types
 * in full, which is most of an agent's start-up cost. Used directly with Byte Buddy, it is {@code hasSuperType}.
 */
public final class SubTypeMatcher extends ElementMatcher.Junction.ForNonNullValues<TypeDescription> {
  private final List<String> superTypes;
  private final int excludedModifiers;
  private final ElementMatcher<TypeDescription> fallback;

  private SubTypeMatcher(List<String> superTypes, int excludedModifiers) {
    this.superTypes = superTypes;
    this.excludedModifiers = excludedModifiers;
    this.fallback = hasSuperType(namedOneOf(superTypes.toArray(new String[0])));
  }

  /** Classes, abstract ones included, never interfaces, that are or extend or implement one of {@code names}. */
  public static SubTypeMatcher classesOf(String... names) {
    return new SubTypeMatcher(Collections.unmodifiableList(Arrays.asList(names.clone())), Modifier.INTERFACE);
  }

  /** The same, concrete classes only: neither abstract classes nor interfaces. */
  public SubTypeMatcher concrete() {
    return new SubTypeMatcher(superTypes, excludedModifiers | Modifier.ABSTRACT);
  }

  /** The binary names of the super types looked for. */
  public List<String> superTypes() {
    return superTypes;
  }

  /** Whether a class with these access flags (of its class file; the same bits as {@link Modifier}) can match. */
  public boolean accepts(int modifiers) {
    return (modifiers & excludedModifiers) == 0;
  }

  @Override
  protected boolean doMatch(TypeDescription target) {
    return accepts(target.getModifiers()) && fallback.matches(target);
  }

  @Override
  public String toString() {
    return "classesOf" + superTypes + ((excludedModifiers & Modifier.ABSTRACT) != 0 ? ".concrete()" : "");
  }
}
