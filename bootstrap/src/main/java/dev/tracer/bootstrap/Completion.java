package dev.tracer.bootstrap;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * Ends an event's span when a {@code CompletableFuture} completes: {@code future.whenComplete(Completion.of(event))},
 * for advice inlined into JDK classes, which can neither hold a lambda nor reach a helper class. A result with a
 * public {@code int statusCode()} (an HTTP response) gives an {@link HttpClientEvent} its status.
 */
public final class Completion implements BiConsumer<Object, Throwable> {
  private final SpanEvent event;

  private Completion(SpanEvent event) {
    this.event = event;
  }

  public static BiConsumer<Object, Throwable> of(SpanEvent event) {
    return new Completion(event);
  }

  @Override
  public void accept(Object result, Throwable error) {
    try {
      if (error instanceof CompletionException && error.getCause() != null) {
        error = error.getCause();
      }
      if (result != null && event instanceof HttpClientEvent) {
        Object code = statusCode(result.getClass()).invoke(result);
        if (code instanceof Integer) {
          ((HttpClientEvent) event).statusCode = (Integer) code;
        }
      }
    } catch (Throwable ignored) {
      // no status then
    }
    Dispatch.end(event, error);
  }

  /** {@code statusCode()} as declared by a public interface of the result (its class is often not public). */
  private static Method statusCode(Class<?> type) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        if (Modifier.isPublic(i.getModifiers())) {
          for (Method m : i.getMethods()) {
            if (m.getName().equals("statusCode") && m.getParameterCount() == 0) {
              return m;
            }
          }
        }
      }
    }
    throw new NoSuchMethodException("statusCode");
  }
}
