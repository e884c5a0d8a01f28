package dev.tracer.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Which types of a library to transform, and which advice goes on which of their methods. */
public interface TypeInstrumentation {
  ElementMatcher<TypeDescription> typeMatcher();

  void transform(AdviceTarget target);

  /** Collects method matcher → advice class pairs for one type. */
  interface AdviceTarget {
    AdviceTarget applyAdvice(ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass);
  }
}
