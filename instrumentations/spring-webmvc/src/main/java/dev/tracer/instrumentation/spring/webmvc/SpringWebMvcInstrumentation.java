package dev.tracer.instrumentation.spring.webmvc;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring MVC 5.3 (javax.servlet), 6.x and 7.x (jakarta.servlet): names the SERVER span of the request after the
 * pattern its handler was matched to ({@code GET /orders/{id}}), through {@code ServerRoute}. The pattern is the
 * handler mapping's best matching pattern: annotated controllers and functional endpoints expose it when the
 * handler is chosen ({@code DispatcherServlet.getHandler}), URL mappings such as static resources
 * ({@code /resources/**}) when the chain's interceptors run ({@code HandlerExecutionChain.applyPreHandle}). No
 * handler at all (a 404) is no route. {@link JavaxRoutes} is written once; {@code JakartaRoutes} is generated from it
 * with the jakarta names.
 */
public final class SpringWebMvcInstrumentation implements InstrumentationModule {
  static final String DISPATCHER_SERVLET = "org.springframework.web.servlet.DispatcherServlet";
  static final String HANDLER_EXECUTION_CHAIN = "org.springframework.web.servlet.HandlerExecutionChain";

  @Override
  public String name() {
    return "spring-webmvc";
  }

  @Override
  public List<String> requiredClasses() {
    // PathPatternsRequestCondition first appears in 5.3.0 (PathPattern matching in MVC), the oldest line claimed
    return Arrays.asList(DISPATCHER_SERVLET, HANDLER_EXECUTION_CHAIN,
        "org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition");
  }

  @Override
  public List<String> helperClasses() {
    return Arrays.asList(JavaxRoutes.class.getName(), JakartaRoutes.class.getName());
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new Entry(DISPATCHER_SERVLET, "getHandler", 1, "javax.servlet.", JavaxRoutes.HandlerAdvice.class),
        new Entry(HANDLER_EXECUTION_CHAIN, "applyPreHandle", 2, "javax.servlet.", JavaxRoutes.PreHandleAdvice.class),
        new Entry(DISPATCHER_SERVLET, "getHandler", 1, "jakarta.servlet.", JakartaRoutes.HandlerAdvice.class),
        new Entry(HANDLER_EXECUTION_CHAIN, "applyPreHandle", 2, "jakarta.servlet.", JakartaRoutes.PreHandleAdvice.class));
  }

  /** One method of one Spring class, for the servlet API whose request type its first argument is. */
  static final class Entry implements TypeInstrumentation {
    private final String type;
    private final String method;
    private final int arguments;
    private final String api;
    private final Class<?> advice;

    Entry(String type, String method, int arguments, String api, Class<?> advice) {
      this.type = type;
      this.method = method;
      this.arguments = arguments;
      this.api = api;
      this.advice = advice;
    }

    /** Only the Spring of this API: the advice names its request type, which the other Spring cannot resolve. */
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(type).and(declaresMethod(methodMatcher()));
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(methodMatcher(), advice);
    }

    private ElementMatcher.Junction<MethodDescription> methodMatcher() {
      return named(method).and(takesArguments(arguments)).and(takesArgument(0, named(api + "http.HttpServletRequest")));
    }
  }
}
