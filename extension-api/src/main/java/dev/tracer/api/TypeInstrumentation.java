package dev.tracer.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Which types to transform, and which advice goes on which of their methods. Matchers come from
 * {@code net.bytebuddy.matcher.ElementMatchers}; advice classes are plain classes with static methods
 * annotated {@code @Advice.OnMethodEnter} / {@code @Advice.OnMethodExit} (use {@code suppress = Throwable.class}).
 */
public interface TypeInstrumentation {
  /**
   * The types to transform, e.g. {@code named("com.acme.Orders")}, or every implementation of an interface:
   * {@code SubTypeMatcher.classesOf("java.sql.Statement")} (matched from class file headers; cheaper at start-up
   * than {@code hasSuperType}).
   */
  ElementMatcher<TypeDescription> typeMatcher();

  /** Declares the advice of one matched type through {@link AdviceTarget#applyAdvice}. */
  void transform(AdviceTarget target);

  /** Collects method matcher → advice class pairs for one type. */
  interface AdviceTarget {
    /** Inlines {@code adviceClass} into every method of the type that {@code methods} matches. */
    AdviceTarget applyAdvice(ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass);
  }
}
