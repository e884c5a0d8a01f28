package dev.tracer.agent;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.NameMatcher;
import net.bytebuddy.matcher.StringMatcher;
import net.bytebuddy.matcher.StringSetMatcher;

/**
 * Items (the gate's type matchers) by the class names they can match, so that a class being loaded is tried
 * against the few matchers that name it and those that name no class, instead of every matcher: most
 * instrumentations match {@code named(..)} or {@code namedOneOf(..)}, and about a hundred matcher calls per class,
 * on tens of thousands of classes, were the gate's own cost and much of what the JIT compiled for it.
 */
final class NameIndex<T> {
  private final Map<String, List<T>> byName = new HashMap<>();
  private final List<T> anyName = new ArrayList<>();

  /** Adds an item whose matcher is {@code matcher}; a null matcher stands for one that may match any name. */
  void add(ElementMatcher<?> matcher, T item) {
    Set<String> names = namesOf(matcher);
    if (names == null) {
      anyName.add(item);
      return;
    }
    for (String name : names) {
      byName.computeIfAbsent(name, n -> new ArrayList<>(1)).add(item);
    }
  }

  /** The items whose matcher names {@code className}, none if none does. */
  List<T> named(String className) {
    List<T> items = byName.get(className);
    return items == null ? Collections.emptyList() : items;
  }

  /** The items whose matcher may match a class of any name. */
  List<T> anyName() {
    return anyName;
  }

  /**
   * The only class names {@code matcher} can match, read from Byte Buddy's name matchers ({@code named},
   * {@code namedOneOf}, and conjunctions or disjunctions of them); null when it may match other names too, or when
   * the matcher is one this does not know: such a matcher is tried on every class, as before.
   */
  static Set<String> namesOf(ElementMatcher<?> matcher) {
    try {
      if (matcher instanceof NameMatcher) {
        return namesOfString(field(NameMatcher.class, "matcher", matcher));
      }
      if (matcher instanceof ElementMatcher.Junction.Conjunction) {
        // a class matches all of them: any one that names classes bounds the conjunction
        for (Object each : (Collection<?>) field(ElementMatcher.Junction.Conjunction.class, "matchers", matcher)) {
          Set<String> names = namesOf((ElementMatcher<?>) each);
          if (names != null) {
            return names;
          }
        }
        return null;
      }
      if (matcher instanceof ElementMatcher.Junction.Disjunction) {
        Set<String> all = new HashSet<>();
        for (Object each : (Collection<?>) field(ElementMatcher.Junction.Disjunction.class, "matchers", matcher)) {
          Set<String> names = namesOf((ElementMatcher<?>) each);
          if (names == null) {
            return null;
          }
          all.addAll(names);
        }
        return all;
      }
    } catch (ReflectiveOperationException | RuntimeException unknown) { // another Byte Buddy's layout: try it on all
      return null;
    }
    return null;
  }

  private static Set<String> namesOfString(Object matcher) throws ReflectiveOperationException {
    if (matcher instanceof StringMatcher
        && field(StringMatcher.class, "mode", matcher) == StringMatcher.Mode.EQUALS_FULLY) {
      return Collections.singleton((String) field(StringMatcher.class, "value", matcher));
    }
    if (matcher instanceof StringSetMatcher) {
      @SuppressWarnings("unchecked")
      Set<String> values = (Set<String>) field(StringSetMatcher.class, "values", matcher);
      return new HashSet<>(values);
    }
    return null;
  }

  private static Object field(Class<?> owner, String name, Object of) throws ReflectiveOperationException {
    Field field = owner.getDeclaredField(name);
    field.setAccessible(true);
    return field.get(of);
  }
}
