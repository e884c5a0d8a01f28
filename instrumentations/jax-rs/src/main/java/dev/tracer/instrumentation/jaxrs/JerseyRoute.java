package dev.tracer.instrumentation.jaxrs;

import java.util.List;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * The route of a request Jersey matched: the application's base path (context path and servlet mapping, as
 * in the base URI) followed by the matched {@code @Path} templates, outermost first. A helper class, defined
 * in Jersey's class loader.
 */
public final class JerseyRoute {
  private JerseyRoute() {}

  public static String of(ContainerRequest request) {
    StringBuilder route = new StringBuilder();
    appendSegment(route, request.getBaseUri().getRawPath());
    List<UriTemplate> templates = request.getUriInfo().getMatchedTemplates(); // innermost first
    for (int i = templates.size() - 1; i >= 0; i--) {
      appendSegment(route, templates.get(i).getTemplate());
    }
    return route.length() == 0 ? "/" : route.toString();
  }

  /** Appends {@code segment} as {@code /a/b}: one leading slash, no trailing one; nothing for "" or "/". */
  private static void appendSegment(StringBuilder route, String segment) {
    if (segment == null) {
      return;
    }
    int start = 0;
    int end = segment.length();
    while (start < end && segment.charAt(start) == '/') {
      start++;
    }
    while (end > start && segment.charAt(end - 1) == '/') {
      end--;
    }
    if (start < end) {
      route.append('/').append(segment, start, end);
    }
  }
}
