package dev.tracer.instrumentation.spring.webmvc;

import dev.tracer.bootstrap.ServerRoute;
import javax.servlet.http.HttpServletRequest;
import net.bytebuddy.asm.Advice;

/**
 * The route of a request Spring MVC handles, for the javax.servlet API (Spring 5.3). A helper class, defined in
 * Spring's class loader; its nested classes are the advice. {@code JakartaRoutes} is this file with the jakarta names.
 */
public final class JavaxRoutes {
  /** {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}: a String, or a {@code PathPattern} whose text is the pattern. */
  static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  private JavaxRoutes() {}

  /**
   * The matched pattern, after the context path and, for a servlet mapped to a prefix ({@code /api/*}), the servlet
   * path: Spring matches patterns to the path within the servlet mapping. Nothing when no pattern was exposed yet.
   */
  public static void matched(HttpServletRequest request) {
    Object pattern = request.getAttribute(BEST_MATCHING_PATTERN);
    if (pattern == null) {
      return;
    }
    String servletPrefix = request.getPathInfo() != null ? request.getServletPath() : "";
    String route = request.getContextPath() + servletPrefix + pattern;
    ServerRoute.set(route.isEmpty() ? "/" : route);
  }

  /** {@code DispatcherServlet.getHandler}: no handler is no route (the span keeps the plain method name). */
  public static final class HandlerAdvice {
    private HandlerAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) HttpServletRequest request, @Advice.Return Object chain) {
      if (chain == null) {
        ServerRoute.set(null);
      } else {
        JavaxRoutes.matched(request);
      }
    }
  }

  /** {@code HandlerExecutionChain.applyPreHandle}: URL mappings (static resources) expose their pattern here. */
  public static final class PreHandleAdvice {
    private PreHandleAdvice() {}

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(@Advice.Argument(0) HttpServletRequest request) {
      JavaxRoutes.matched(request);
    }
  }
}
