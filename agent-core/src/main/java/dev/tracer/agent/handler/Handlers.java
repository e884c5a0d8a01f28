package dev.tracer.agent.handler;

import dev.tracer.api.AgentLog;
import dev.tracer.api.SpanEventHandler;
import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.InternalThread;
import dev.tracer.bootstrap.NetworkEvent;
import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's {@link Dispatch.Sink}: routes each event to the handler of its type and does what every
 * category shares — parenting, one span per category even when calls nest (a driver's {@code executeQuery}
 * calling its own {@code execute}), {@code peer.service}, errors, listeners, ending.
 */
public final class Handlers implements Dispatch.Sink {
  static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");
  /** Set while a span whose handler {@code coversTransport} is current: nested CLIENT spans are its transport. */
  private static final ContextKey<Span> TRANSPORT = ContextKey.named("tracer-transport");

  private final Tracer tracer;
  private final Map<Class<?>, Entry> registered = new LinkedHashMap<>();
  private final List<SpanListener> listeners = new ArrayList<>();
  private final Map<String, String> peerServices;
  private final ClassValue<Entry> byEventType = new ClassValue<Entry>() {
    @Override
    protected Entry computeValue(Class<?> type) {
      for (Class<?> c = type; c != null; c = c.getSuperclass()) {
        Entry entry = registered.get(c);
        if (entry != null) {
          return entry;
        }
      }
      return null;
    }
  };

  public Handlers(Tracer tracer, Map<String, String> peerServices) {
    this.tracer = tracer;
    this.peerServices = peerServices;
  }

  /** Registers (or replaces) the handler of one event type. Call before the sink is installed. */
  public synchronized void register(SpanEventHandler<?> handler) {
    registered.put(handler.eventType(), new Entry(handler));
  }

  public synchronized void addListener(SpanListener listener) {
    listeners.add(listener);
  }

  public synchronized List<SpanEventHandler<?>> handlers() {
    List<SpanEventHandler<?>> all = new ArrayList<>();
    for (Entry entry : registered.values()) {
      all.add(entry.handler);
    }
    return all;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void start(SpanEvent event) {
    if (InternalThread.current()) {
      return; // the agent's own exports are never traced
    }
    Entry entry = byEventType.get(event.getClass());
    if (entry == null) {
      return;
    }
    SpanEventHandler handler = entry.handler;
    SpanKind kind = handler.kind(event);
    ContextKey<Span> key = entry.keys[kind.ordinal()];
    Context current = Context.current();
    if (current.get(key) != null) {
      return; // nested call of the same category and kind: the outer span covers it
    }
    if (kind == SpanKind.CLIENT && current.get(TRANSPORT) != null) {
      return; // the transport of a call whose span covers it (an SDK's HTTP request)
    }
    Context parent = handler.parent(event, current);
    SpanBuilder builder = tracer.spanBuilder(handler.spanName(event)).setSpanKind(kind).setParent(parent);
    handler.onStart(event, builder);
    if (!peerServices.isEmpty() && event instanceof NetworkEvent && (kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER)) {
      String peer = peerService((NetworkEvent) event);
      if (peer != null) {
        builder.setAttribute(PEER_SERVICE, peer);
      }
    }
    Span span = builder.startSpan();
    Context context = parent.with(span).with(key, span);
    if (handler.coversTransport(event)) {
      context = context.with(TRANSPORT, span);
    }
    Scope scope = context.makeCurrent();
    event.handle = new Handle(entry, span, scope);
    try {
      handler.onStarted(event, span, context);
    } catch (Throwable t) {
      AgentLog.warnOnce("handler-started-" + handler.getClass().getName(),
          "handler " + handler.getClass().getName() + " failed after span start: " + t);
    }
    notifyStart(event, span);
  }

  private String peerService(NetworkEvent event) {
    if (event.serverAddress == null) {
      return null;
    }
    String peer = peerServices.get(event.serverAddress + ":" + event.serverPort);
    return peer != null ? peer : peerServices.get(event.serverAddress);
  }

  @Override
  public void detach(SpanEvent event) {
    Object handle = event.handle;
    if (handle instanceof Handle) {
      ((Handle) handle).closeScope();
    }
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void end(SpanEvent event) {
    Object h = event.handle;
    if (!(h instanceof Handle)) {
      return;
    }
    Handle handle = (Handle) h;
    if (!handle.ended.compareAndSet(false, true)) {
      return;
    }
    Span span = handle.span;
    try {
      ((SpanEventHandler) handle.entry.handler).onEnd(event, span);
    } catch (Throwable t) {
      AgentLog.warnOnce("handler-end-" + handle.entry.handler.getClass().getName(),
          "handler " + handle.entry.handler.getClass().getName() + " failed at span end: " + t);
    }
    Throwable error = event.error;
    if (error != null) {
      span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
      span.recordException(error);
    }
    notifyEnd(event, span);
    handle.closeScope();
    span.end();
  }

  private void notifyStart(SpanEvent event, Span span) {
    for (int i = 0; i < listeners.size(); i++) {
      SpanListener listener = listeners.get(i);
      if (listener.eventType().isInstance(event)) {
        try {
          listener.onStart(event, span);
        } catch (Throwable t) {
          listenerFailed(listener, t);
        }
      }
    }
  }

  private void notifyEnd(SpanEvent event, Span span) {
    for (int i = 0; i < listeners.size(); i++) {
      SpanListener listener = listeners.get(i);
      if (listener.eventType().isInstance(event)) {
        try {
          listener.onEnd(event, span);
        } catch (Throwable t) {
          listenerFailed(listener, t);
        }
      }
    }
  }

  private static void listenerFailed(SpanListener listener, Throwable t) {
    AgentLog.warnOnce("listener-" + listener.getClass().getName(),
        "listener " + listener.getClass().getName() + " threw " + t + "; the span is kept (reported once)");
  }

  private static final class Entry {
    final SpanEventHandler<?> handler;
    /**
     * One key per kind: a server or consumer span does not hide the client or producer calls made while
     * handling it (a gRPC server calling another service, a consumer producing to the next topic).
     */
    @SuppressWarnings("unchecked")
    final ContextKey<Span>[] keys = new ContextKey[SpanKind.values().length];

    Entry(SpanEventHandler<?> handler) {
      this.handler = handler;
      for (SpanKind kind : SpanKind.values()) {
        keys[kind.ordinal()] = ContextKey.named("tracer-" + handler.eventType().getSimpleName() + "-" + kind);
      }
    }
  }

  /** What lives between start and end: the span, and the scope that made it current. */
  static final class Handle {
    final Entry entry;
    final Span span;
    private final Thread owner = Thread.currentThread();
    private Scope scope;
    final AtomicBoolean ended = new AtomicBoolean();

    Handle(Entry entry, Span span, Scope scope) {
      this.entry = entry;
      this.span = span;
      this.scope = scope;
    }

    /** Closes the scope once, and only on the thread that opened it (an async end elsewhere leaves it to detach). */
    void closeScope() {
      if (Thread.currentThread() != owner) {
        return;
      }
      Scope s = scope;
      if (s != null) {
        scope = null;
        s.close();
      }
    }
  }
}
