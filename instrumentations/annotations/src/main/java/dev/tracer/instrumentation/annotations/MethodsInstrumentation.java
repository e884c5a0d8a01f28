package dev.tracer.instrumentation.annotations;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.tracer.api.ExtensionConfig;
import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Methods nobody can annotate (a library's, generated code), named in {@code TRACER_METHODS_INCLUDE}
 * ({@code com.acme.Billing[charge,refund];com.acme.Jobs[*]}): the span of an unannotated {@code @WithSpan}, INTERNAL,
 * {@code <SimpleClass>.<method>}. Matched by class name only, so it costs nothing where the classes are not.
 * The agent's configuration reads and checks the setting (a malformed entry is one line, the others apply); this
 * module gets the checked entries.
 */
public final class MethodsInstrumentation implements InstrumentationModule {
  static final String VARIABLE = "TRACER_METHODS_INCLUDE";
  private volatile String include = "";

  @Override
  public String name() {
    return WithSpanInstrumentation.NAME;
  }

  @Override
  public void configure(ExtensionConfig config) {
    include = config.get(VARIABLE, "");
  }

  @Override
  public List<String> helperClasses() {
    return WithSpanInstrumentation.helpers();
  }

  /** One type instrumentation per class of the checked setting, {@code Class[m1,m2]} or {@code Class[*]}. */
  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    List<TypeInstrumentation> types = new ArrayList<>();
    for (String entry : include.split(";")) {
      int open = entry.indexOf('[');
      if (open <= 0 || !entry.endsWith("]")) {
        continue;
      }
      String type = entry.substring(0, open).trim();
      List<String> methods = Arrays.asList(entry.substring(open + 1, entry.length() - 1).split(","));
      ElementMatcher.Junction<MethodDescription> named = methods.contains("*")
          ? isMethod().and(not(isSynthetic())).and(not(isBridge()))
          : isMethod().and(namedOneOf(methods.toArray(new String[0])));
      ElementMatcher<MethodDescription> concrete = named.and(not(isAbstract()));
      types.add(new TypeInstrumentation() {
        @Override
        public ElementMatcher<TypeDescription> typeMatcher() {
          return named(type);
        }

        @Override
        public void transform(AdviceTarget target) {
          target.applyAdvice(concrete, TracedMethodAdvice.class);
        }
      });
    }
    return types;
  }
}
