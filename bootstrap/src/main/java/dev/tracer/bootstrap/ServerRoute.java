package dev.tracer.bootstrap;

/**
 * For web frameworks: the route the framework matched the current request to ({@code /orders/{id}}), given to
 * the SERVER span of the request being handled on this thread. The first framework route of a request wins (an
 * error dispatch or a forward does not rename it); it replaces the container's own route (its path mapping).
 */
public final class ServerRoute {

  /** Implemented by the agent. */
  public interface Sink {
    void set(String route);
  }

  private static volatile Sink sink;

  private ServerRoute() {}

  public static void install(Sink newSink) {
    sink = newSink;
  }

  /**
   * The framework matched the request to {@code route} (context path included); null or empty when it matched
   * nothing (a 404): the span then keeps the plain method name and has no {@code http.route}.
   */
  public static void set(String route) {
    Sink s = sink;
    if (s == null) {
      return;
    }
    try {
      s.set(route == null || route.isEmpty() ? null : route);
    } catch (Throwable ignored) {
      // the application comes first
    }
  }
}
