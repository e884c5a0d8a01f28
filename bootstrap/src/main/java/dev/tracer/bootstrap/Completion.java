package dev.tracer.bootstrap;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * Ends an event's span when a {@code CompletableFuture} completes: {@code future.whenComplete(Completion.of(event))},
 * for advice inlined into JDK classes, which can neither hold a lambda nor reach a helper class. A result with a
 * public {@code int statusCode()} (an HTTP response) gives an {@link HttpClientEvent} its status, and its
 * {@code headers().allValues(name)} the response headers {@link HeaderCapture#clientResponse()} names.
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
        HttpClientEvent http = (HttpClientEvent) event;
        Object code = publicMethod(result.getClass(), "statusCode", 0).invoke(result);
        if (code instanceof Integer) {
          http.statusCode = (Integer) code;
        }
        String[] capture = HeaderCapture.clientResponse();
        if (capture.length > 0) {
          Object headers = publicMethod(result.getClass(), "headers", 0).invoke(result);
          Method allValues = publicMethod(headers.getClass(), "allValues", 1);
          for (String name : capture) {
            Object values = allValues.invoke(headers, name);
            if (values instanceof Iterable) {
              @SuppressWarnings("unchecked")
              Iterable<String> strings = (Iterable<String>) values;
              http.responseHeaders = HeaderCapture.add(http.responseHeaders, name, strings);
            }
          }
        }
      }
    } catch (Throwable ignored) {
      // no status then
    }
    Dispatch.end(event, error);
  }

  /** A method as declared by the type, when public, or by a public interface of it (its class is often not public). */
  private static Method publicMethod(Class<?> type, String name, int parameters) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Class<?>[] interfaces = c.getInterfaces();
      Class<?>[] candidates = new Class<?>[interfaces.length + 1];
      candidates[0] = c;
      System.arraycopy(interfaces, 0, candidates, 1, interfaces.length);
      for (Class<?> i : candidates) {
        if (Modifier.isPublic(i.getModifiers())) {
          for (Method m : i.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == parameters) {
              return m;
            }
          }
        }
      }
    }
    throw new NoSuchMethodException(name);
  }
}
