package dev.tracer.instrumentation.servlet.javax;

import dev.tracer.bootstrap.WeakStore;
import java.util.HashSet;
import java.util.Set;
import javax.servlet.ServletContext;
import javax.servlet.ServletRegistration;
import javax.servlet.http.HttpServletRequest;

/**
 * The route of a request from the servlet mapping it was dispatched by ({@code /orders/*}, {@code /forward},
 * {@code *.jsp}), context path in front; null when unknown. A helper class, defined in the loader of each
 * instrumented servlet or filter.
 */
public final class ServletRoutes {
  /**
   * Servlet 3.1: every servlet mapping of a context, read once (servlets are registered only while the context
   * starts); weakly held, so an undeployed application's context goes.
   */
  static final WeakStore<Set<String>> MAPPINGS = new WeakStore<>();

  private ServletRoutes() {}

  public static String of(HttpServletRequest request) {
    String route = request.getServletContext().getMajorVersion() >= 4 ? fromMapping(request) : fromPaths(request);
    if (route == null) {
      return null;
    }
    String context = request.getContextPath();
    return context == null || context.isEmpty() ? route : context.concat(route);
  }

  /** Servlet 4.0+: the container says which pattern matched. */
  private static String fromMapping(HttpServletRequest request) {
    String pattern = request.getHttpServletMapping().getPattern();
    if (pattern == null) {
      return null;
    }
    return pattern.isEmpty() ? "/" : pattern.equals("/") ? "/*" : pattern.startsWith("/") ? pattern : "/".concat(pattern);
  }

  /**
   * Servlet 3.1 has no mapping API: a path info means a prefix mapping ({@code servletPath/*}); otherwise the
   * servlet path is an exact or an extension mapping if some servlet is mapped so, else the default servlet.
   */
  private static String fromPaths(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    if (servletPath == null) {
      return null;
    }
    if (request.getPathInfo() != null) {
      return servletPath.concat("/*");
    }
    int dot = servletPath.lastIndexOf('.');
    String extension = dot > servletPath.lastIndexOf('/') ? "*" + servletPath.substring(dot) : null;
    Set<String> mappings = mappings(request.getServletContext());
    if (mappings.contains(servletPath)) {
      return servletPath;
    }
    return extension != null && mappings.contains(extension) ? "/".concat(extension) : "/*";
  }

  private static Set<String> mappings(ServletContext context) {
    Set<String> mappings = MAPPINGS.get(context);
    if (mappings == null) {
      mappings = new HashSet<>();
      for (ServletRegistration registration : context.getServletRegistrations().values()) {
        mappings.addAll(registration.getMappings());
      }
      MAPPINGS.put(context, mappings);
    }
    return mappings;
  }
}
