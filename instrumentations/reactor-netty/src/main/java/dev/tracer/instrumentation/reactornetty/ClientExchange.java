package dev.tracer.instrumentation.reactornetty;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import dev.tracer.bootstrap.WeakStore;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.HttpClientState;
import reactor.util.context.Context;

/**
 * One subscription to a Reactor Netty request: the subscriber in between (to see the final failure, after Reactor
 * Netty's retries, and a cancellation) and the request's span. Found again by the request's handler (the
 * connection observer knows it) and by the connection's operations (for a body the application stops reading).
 */
public final class ClientExchange<T> implements CoreSubscriber<T>, Subscription {
  /** The exchange whose subscription is running on this thread: its handler is being created. */
  private static final ThreadLocal<ClientExchange<?>> SUBSCRIBING = new ThreadLocal<>();
  static final WeakStore<ClientExchange<?>> BY_HANDLER = new WeakStore<>();
  static final WeakStore<ClientExchange<?>> BY_OPERATIONS = new WeakStore<>();

  private final CoreSubscriber<? super T> actual;
  private Subscription upstream;
  private volatile HttpClientEvent event;
  private volatile boolean over;
  /** The store keys, weakly: a value must not keep its own key alive. */
  private volatile WeakReference<Object> handler;
  private volatile WeakReference<Object> operations;

  private ClientExchange(CoreSubscriber<? super T> actual) {
    this.actual = actual;
  }

  public static <T> CoreSubscriber<? super T> subscribing(CoreSubscriber<? super T> actual) {
    if (actual == null || !Dispatch.active()) {
      return actual;
    }
    ClientExchange<T> exchange = new ClientExchange<>(actual);
    SUBSCRIBING.set(exchange);
    return exchange;
  }

  public static void subscribed() {
    SUBSCRIBING.remove();
  }

  /**
   * The handler of the subscription running on this thread was created: the span starts, a child of the context
   * current at subscription (so a connection that cannot be made is a failed request too).
   */
  public static void bind(Object handler, HttpMethod method, Object uri) {
    ClientExchange<?> exchange = SUBSCRIBING.get();
    if (exchange == null) {
      return;
    }
    SUBSCRIBING.remove();
    HttpClientEvent e = new HttpClientEvent("reactor-netty");
    e.method = method == null ? null : method.name();
    e.url = uri == null ? null : uri.toString();
    Dispatch.start(e);
    Dispatch.detach(e);
    if (e.handle == null) {
      return;
    }
    exchange.event = e;
    exchange.handler = new WeakReference<>(handler);
    BY_HANDLER.put(handler, exchange);
  }

  public static void stateChanged(Object handler, Connection connection, ConnectionObserver.State state) {
    ClientExchange<?> exchange = BY_HANDLER.get(handler);
    if (exchange == null) {
      return;
    }
    if (state == HttpClientState.REQUEST_PREPARED && connection instanceof HttpClientRequest) {
      exchange.operations = new WeakReference<>(connection);
      BY_OPERATIONS.put(connection, exchange);
      exchange.prepared((HttpClientRequest) connection);
    } else if (state == HttpClientState.RESPONSE_RECEIVED && connection instanceof HttpClientResponse) {
      HttpClientEvent e = exchange.event;
      if (e != null) {
        HttpClientResponse response = (HttpClientResponse) connection;
        e.statusCode = response.status().code();
        String[] capture = HeaderCapture.clientResponse();
        for (int i = 0; i < capture.length; i++) {
          e.responseHeaders = HeaderCapture.add(e.responseHeaders, capture[i], response.responseHeaders().getAll(capture[i]));
        }
      }
    } else if (state == HttpClientState.RESPONSE_COMPLETED) {
      exchange.end(null);
    } else if (state == HttpClientState.RESPONSE_INCOMPLETE) {
      HttpClientEvent e = exchange.event;
      if (e != null && e.statusCode > 0) { // before the response a retry may follow; the subscriber sees the end
        exchange.end(new IOException("connection closed before the response was complete"));
      }
    }
  }

  public static void inboundCancelled(Object operations) {
    ClientExchange<?> exchange = BY_OPERATIONS.get(operations);
    if (exchange != null) {
      exchange.end(new CancellationException("request cancelled"));
    }
  }

  /** The request is about to be sent (again, for a redirect or a retry: the headers are written again). */
  private void prepared(HttpClientRequest request) {
    HttpClientEvent e = event;
    if (e == null || over) {
      return;
    }
    String[] capture = e.requestHeaders == null ? HeaderCapture.clientRequest() : new String[0]; // once, not per retry
    for (int i = 0; i < capture.length; i++) {
      e.requestHeaders = HeaderCapture.add(e.requestHeaders, capture[i], request.requestHeaders().getAll(capture[i]));
    }
    for (Map.Entry<String, String> header : e.headersToInject.entrySet()) {
      request.requestHeaders().set(header.getKey(), header.getValue());
    }
  }

  private void end(Throwable error) {
    over = true;
    HttpClientEvent e = event;
    if (e != null) {
      Dispatch.end(e, error);
    }
    forget(handler);
    forget(operations);
  }

  private static void forget(WeakReference<Object> key) {
    Object k = key == null ? null : key.get();
    if (k != null) {
      BY_HANDLER.remove(k);
      BY_OPERATIONS.remove(k);
    }
  }

  @Override
  public Context currentContext() {
    return actual.currentContext();
  }

  @Override
  public void onSubscribe(Subscription subscription) {
    upstream = subscription;
    actual.onSubscribe(this);
  }

  @Override
  public void onNext(T connection) {
    actual.onNext(connection);
  }

  @Override
  public void onError(Throwable error) {
    end(error);
    actual.onError(error);
  }

  @Override
  public void onComplete() {
    actual.onComplete();
  }

  @Override
  public void request(long n) {
    upstream.request(n);
  }

  @Override
  public void cancel() {
    HttpClientEvent e = event;
    if (e == null || e.statusCode == 0) { // after the response's headers, reading the body is what may be cancelled
      end(new CancellationException("request cancelled"));
    }
    upstream.cancel();
  }
}
