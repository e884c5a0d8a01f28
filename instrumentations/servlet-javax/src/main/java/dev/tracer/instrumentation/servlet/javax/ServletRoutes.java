package dev.tracer.instrumentation.servlet.javax;

import java.util.Collection;
import javax.servlet.ServletContext;
import javax.servlet.ServletRegistration;
import javax.servlet.http.HttpServletRequest;

/**
 * The route of a request from the servlet mapping it was dispatched by ({@code /orders/*}, {@code /forward},
 * {@code *.jsp}), context path in front; null when unknown. A helper class, defined in the loader of each
 * instrumented servlet or filter.
 */
public final class ServletRoutes {
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
    ServletContext context = request.getServletContext();
    for (ServletRegistration registration : context.getServletRegistrations().values()) {
      Collection<String> mappings = registration.getMappings();
      if (mappings.contains(servletPath)) {
        return servletPath;
      }
      if (extension != null && mappings.contains(extension)) {
        return "/".concat(extension);
      }
    }
    return "/*";
  }
}
