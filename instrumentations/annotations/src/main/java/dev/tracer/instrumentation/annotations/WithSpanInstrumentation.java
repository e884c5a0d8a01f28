package dev.tracer.instrumentation.annotations;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.tracer.api.AnnotatedMethodsMatcher;
import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code @WithSpan} of {@code io.opentelemetry.instrumentation.annotations} (the application's
 * opentelemetry-instrumentation-annotations): a span around each call of an annotated method, named
 * {@code <SimpleClass>.<method>} or the annotation's value, of the annotation's kind, with {@code code.namespace},
 * {@code code.function} and the {@code @SpanAttribute} parameters. The advice goes into the annotated method
 * itself, so every way of calling it is covered (direct calls, proxies, reflection). A method returning a
 * {@code CompletionStage} or a Reactor {@code Mono}/{@code Flux} ends its span when the result completes.
 *
 * <p>The type matcher reads method annotations, so it only runs in class loaders that see the annotation (the
 * required class): an application without it pays nothing. {@link LegacyWithSpanInstrumentation} does the same
 * for the older package, {@link MethodsInstrumentation} for methods named in configuration; the three share the
 * name {@code annotations}, the advice and the helpers.
 */
public final class WithSpanInstrumentation implements InstrumentationModule {
  static final String NAME = "annotations";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> requiredClasses() {
    // WithSpan: in every release of opentelemetry-instrumentation-annotations, the first being 1.17.0-alpha
    return Collections.singletonList(TracedMethods.WITH_SPAN);
  }

  @Override
  public List<String> helperClasses() {
    return helpers();
  }

  /** By name: ReactorResults names Reactor types, which need not exist where the helpers go. */
  static List<String> helpers() {
    String pkg = "dev.tracer.instrumentation.annotations.";
    return Arrays.asList(pkg + "TracedMethods", pkg + "TracedMethods$Spec", pkg + "TracedMethods$Specs",
        pkg + "ReactorResults",
        pkg + "ReactorResults$Done", pkg + "ReactorResults$Failed");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(annotated(TracedMethods.WITH_SPAN));
  }

  /** Every class declaring a concrete method annotated {@code annotation}: the advice goes on those methods. */
  static TypeInstrumentation annotated(String annotation) {
    return new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return AnnotatedMethodsMatcher.methodsAnnotatedWith(annotation);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(isMethod().and(isAnnotatedWith(named(annotation))).and(not(isAbstract())),
            TracedMethodAdvice.class);
      }
    };
  }
}
