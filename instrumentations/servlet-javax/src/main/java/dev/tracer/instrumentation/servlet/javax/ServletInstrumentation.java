package dev.tracer.instrumentation.servlet.javax;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SubTypeMatcher;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The servlet API named by {@link #API}: one SERVER span per request, started by the first filter or servlet the
 * request reaches; nested filters, servlets, forwards, includes and async re-dispatches add none. This module
 * serves javax 3.1 and 4.0; servlet-jakarta builds this same file, and {@link ServiceAdvice}, with the jakarta
 * names for 5 and 6.
 */
public final class ServletInstrumentation implements InstrumentationModule {
  static final String API = "javax.servlet.";

  @Override
  public String name() {
    return "servlet";
  }

  /** ReadListener first appears in Servlet 3.1 (jakarta: in every version), the oldest API claimed. */
  @Override
  public List<String> requiredClasses() {
    return Arrays.asList(API + "Servlet", API + "ReadListener");
  }

  @Override
  public List<String> helperClasses() {
    return Arrays.asList("dev.tracer.instrumentation.servlet.javax.TracingAsyncListener",
        "dev.tracer.instrumentation.servlet.javax.ServletRoutes");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new Entry(API + "Servlet", "service", 2), new Entry(API + "Filter", "doFilter", 3));
  }

  static final class Entry implements TypeInstrumentation {
    private final String type;
    private final String method;
    private final int arguments;

    Entry(String type, String method, int arguments) {
      this.type = type;
      this.method = method;
      this.arguments = arguments;
    }

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return SubTypeMatcher.classesOf(type);
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named(method).and(not(isAbstract())).and(takesArguments(arguments))
          .and(takesArgument(0, named(API + "ServletRequest"))).and(takesArgument(1, named(API + "ServletResponse"))),
          ServiceAdvice.class);
    }
  }
}
