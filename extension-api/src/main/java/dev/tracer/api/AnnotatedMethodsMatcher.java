package dev.tracer.api;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Classes that declare a method annotated with one of the named annotations: the matcher for "every
 * {@code @WithSpan} method". Prefer it to {@code declaresMethod(isAnnotatedWith(...))}: such a class names the
 * annotation in its constant pool, which the agent reads anyway, so the agent tries it only on those classes and
 * looks for the annotation library only when one appears, where the Byte Buddy matcher makes it look in every
 * class loader (on a Spring Boot jar the first look for an absent class opens every nested jar). Used directly
 * with Byte Buddy, it is {@code declaresMethod(isAnnotatedWith(namedOneOf(...)))}.
 */
public final class AnnotatedMethodsMatcher extends ElementMatcher.Junction.ForNonNullValues<TypeDescription> {
  private final List<String> annotations;
  private final ElementMatcher<TypeDescription> fallback;

  private AnnotatedMethodsMatcher(List<String> annotations) {
    this.annotations = annotations;
    this.fallback = declaresMethod(isAnnotatedWith(namedOneOf(annotations.toArray(new String[0]))));
  }

  /** Classes with a method annotated with one of {@code names} (binary names of annotation types). */
  public static AnnotatedMethodsMatcher methodsAnnotatedWith(String... names) {
    return new AnnotatedMethodsMatcher(Collections.unmodifiableList(Arrays.asList(names.clone())));
  }

  /** The binary names of the annotations looked for. */
  public List<String> annotations() {
    return annotations;
  }

  @Override
  protected boolean doMatch(TypeDescription target) {
    return fallback.matches(target);
  }

  @Override
  public String toString() {
    return "methodsAnnotatedWith" + annotations;
  }
}
