package dev.tracer.bootstrap;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * Ends an event's span when asynchronous work completes, without helper classes in the application: a
 * {@link BiConsumer} for {@code CompletableFuture.whenComplete} (JDK {@code HttpClient.sendAsync}), or the
 * handler of a {@link Proxy} implementing a library's callback interface (servlet {@code AsyncListener},
 * OkHttp {@code Callback}) that then forwards to the application's own callback. The library's types are
 * reached by reflection through their public interfaces, since bootstrap classes cannot name them.
 */
public final class Completion implements BiConsumer<Object, Throwable>, InvocationHandler {
  private final SpanEvent event;
  private final Object delegate;

  private Completion(SpanEvent event, Object delegate) {
    this.event = event;
    this.delegate = delegate;
  }

  /** Ends {@code event} when the future completes: {@code future.whenComplete(Completion.of(event))}. */
  public static BiConsumer<Object, Throwable> of(SpanEvent event) {
    return new Completion(event, null);
  }

  /**
   * A {@code callbackType} that ends {@code event} when the library reports the outcome, then calls
   * {@code delegate} (may be null). Returns {@code delegate} itself if the proxy cannot be made.
   */
  public static Object proxy(Class<?> callbackType, SpanEvent event, Object delegate) {
    try {
      return Proxy.newProxyInstance(callbackType.getClassLoader(), new Class<?>[] {callbackType},
          new Completion(event, delegate));
    } catch (Throwable t) {
      return delegate;
    }
  }

  @Override
  public void accept(Object response, Throwable error) {
    try {
      if (error instanceof CompletionException && error.getCause() != null) {
        error = error.getCause();
      }
      if (response != null) {
        status(call(response, "statusCode"));
        if (HeaderCapture.clientResponse().length > 0) {
          responseHeaders(call(response, "headers"), "allValues"); // java.net.http.HttpHeaders
        }
      }
    } catch (Throwable ignored) {
      // no status then
    }
    Dispatch.end(event, error);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (method.getDeclaringClass() == Object.class) {
      switch (name) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return "tracer completion of " + delegate;
      }
    }
    try {
      observe(proxy, name, args);
    } catch (Throwable ignored) {
      // the application comes first
    }
    if (delegate == null) {
      return null;
    }
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void observe(Object proxy, String name, Object[] args) throws Exception {
    switch (name) {
      case "onComplete": // servlet AsyncListener(AsyncEvent)
        Object response = call(args[0], "getSuppliedResponse");
        status(call(response, "getStatus"));
        responseHeaders(response, "getHeaders");
        Dispatch.end(event, null);
        break;
      case "onError": // servlet AsyncListener: onComplete follows
        Object thrown = call(args[0], "getThrowable");
        if (thrown instanceof Throwable) {
          event.error = (Throwable) thrown;
        }
        break;
      case "onStartAsync": // the application restarted async: listeners must be added again
        Object context = call(args[0], "getAsyncContext");
        publicMethod(context.getClass(), "addListener", 1).invoke(context, proxy);
        break;
      case "onResponse": // OkHttp Callback(Call, Response)
        status(call(args[1], "code"));
        responseHeaders(args[1], "headers");
        Dispatch.end(event, null);
        break;
      case "onFailure": // OkHttp Callback(Call, IOException)
        Dispatch.end(event, (Throwable) args[1]);
        break;
      default:
        break;
    }
  }

  private void status(Object code) {
    if (!(code instanceof Integer)) {
      return;
    }
    if (event instanceof HttpClientEvent) {
      ((HttpClientEvent) event).statusCode = (Integer) code;
    } else if (event instanceof HttpServerEvent) {
      ((HttpServerEvent) event).statusCode = (Integer) code;
    }
  }

  /** The response headers {@link HeaderCapture} names, read with {@code headers.<method>(name)}. */
  @SuppressWarnings("unchecked")
  private void responseHeaders(Object headers, String method) throws Exception {
    boolean server = event instanceof HttpServerEvent;
    String[] names = server ? HeaderCapture.serverResponse() : HeaderCapture.clientResponse();
    if (names.length == 0 || headers == null) {
      return;
    }
    Method read = publicMethod(headers.getClass(), method, 1);
    for (String name : names) {
      Object values = read.invoke(headers, name);
      if (values instanceof Iterable) {
        if (server) {
          HttpServerEvent http = (HttpServerEvent) event;
          http.responseHeaders = HeaderCapture.add(http.responseHeaders, name, (Iterable<String>) values);
        } else if (event instanceof HttpClientEvent) {
          HttpClientEvent http = (HttpClientEvent) event;
          http.responseHeaders = HeaderCapture.add(http.responseHeaders, name, (Iterable<String>) values);
        }
      }
    }
  }

  private static Object call(Object target, String name) throws Exception {
    return publicMethod(target.getClass(), name, 0).invoke(target);
  }

  /** The method as declared by a type we may call it through (implementation classes are often not). */
  static Method publicMethod(Class<?> type, String name, int parameters) throws NoSuchMethodException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Method found = accessible(c, name, parameters);
      if (found != null) {
        return found;
      }
      for (Class<?> i : c.getInterfaces()) {
        found = accessible(i, name, parameters);
        if (found != null) {
          return found;
        }
      }
    }
    throw new NoSuchMethodException(name);
  }

  private static Method accessible(Class<?> type, String name, int parameters) {
    if (!java.lang.reflect.Modifier.isPublic(type.getModifiers()) || !type.getModule().isExported(packageOf(type))) {
      return null;
    }
    for (Method m : type.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == parameters
          && java.lang.reflect.Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
        return m;
      }
    }
    return null;
  }

  private static String packageOf(Class<?> type) {
    String n = type.getName();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(0, dot);
  }
}
