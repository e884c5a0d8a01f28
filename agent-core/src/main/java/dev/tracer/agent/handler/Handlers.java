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
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The agent's {@link Dispatch.Sink}: routes each event to the handler of its type and does what every
 * category shares — parenting, one span per category even when calls nest (a driver's {@code executeQuery}
 * calling its own {@code execute}), {@code peer.service}, errors, listeners, ending.
 */
public final class Handlers implements Dispatch.Sink {
  static final AttributeKey<String> PEER_SERVICE = AttributeKey.stringKey("peer.service");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  /** Set while a span whose handler {@code coversTransport} is current: nested CLIENT spans are its transport. */
  private static final ContextKey<Span> TRANSPORT = ContextKey.named("tracer-transport");

  private final Tracer tracer;
  private final Map<Class<?>, Entry> registered = new LinkedHashMap<>();
  private final List<Listening> listeners = new ArrayList<>();
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

  /** Adds a listener; its {@code eventType()} is read once, here. Call before the sink is installed. */
  public synchronized void addListener(SpanListener<?> listener) {
    Class<?> type = listener.eventType();
    listeners.add(new Listening(listener, type == null ? SpanEvent.class : type));
  }

  /** The handler registered for exactly {@code eventType}, or null. */
  public synchronized SpanEventHandler<?> handler(Class<?> eventType) {
    Entry entry = registered.get(eventType);
    return entry == null ? null : entry.handler;
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
    Context current = Context.current();
    Context parent;
    SpanKind kind;
    SpanBuilder builder;
    ContextKey<Handle> key;
    try {
      kind = handler.kind(event);
      key = entry.keys[kind.ordinal()];
      Handle outer = current.get(key);
      if (!entry.nestable && outer != null && !hasEnded(outer.span)) {
        return; // nested call of the same category and kind: the outer span covers it
      }
      if (kind == SpanKind.CLIENT && current.get(TRANSPORT) != null) {
        return; // the transport of a call whose span covers it (an SDK's HTTP request)
      }
      parent = handler.parent(event, current);
      builder = tracer.spanBuilder(handler.spanName(event)).setSpanKind(kind).setParent(parent);
      handler.onStart(event, builder);
      if (event instanceof NetworkEvent) {
        peer((NetworkEvent) event, builder);
      }
    } catch (Throwable t) {
      // e.g. an extension's handler: no span for this call, one line for all of them
      AgentLog.warnOnce("handler-start-" + handler.getClass().getName(),
          "handler " + handler.getClass().getName() + " failed at span start, no span: " + t);
      return;
    }
    if (!peerServices.isEmpty() && event instanceof NetworkEvent && (kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER)) {
      String peer = peerService((NetworkEvent) event);
      if (peer != null) {
        builder.setAttribute(PEER_SERVICE, peer);
      }
    }
    Span span = builder.startSpan();
    Handle handle = new Handle(entry, event, span);
    Context context = parent.with(span).with(key, handle);
    if (handler.coversTransport(event)) {
      context = context.with(TRANSPORT, span);
    }
    handle.open(context);
    event.handle = handle;
    try {
      handler.onStarted(event, span, context);
    } catch (Throwable t) {
      AgentLog.warnOnce("handler-started-" + handler.getClass().getName(),
          "handler " + handler.getClass().getName() + " failed after span start: " + t);
    }
    notifyStart(event, span);
  }

  /**
   * A context handed to another thread (executors) may outlive its span: a call made there after the outer
   * call ended is not nested in it. Unsampled spans are not readable and count as open.
   */
  private static boolean hasEnded(Span span) {
    return span instanceof ReadableSpan && ((ReadableSpan) span).hasEnded();
  }

  /** {@code server.address}/{@code server.port} of every network event, once its handler has derived them. */
  private static void peer(NetworkEvent event, SpanBuilder span) {
    if (event.serverAddress != null) {
      span.setAttribute(SERVER_ADDRESS, event.serverAddress);
    }
    if (event.serverPort > 0) {
      span.setAttribute(SERVER_PORT, (long) event.serverPort);
    }
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
  public Object resume(SpanEvent event) {
    Object handle = event.handle;
    return handle instanceof Handle ? ((Handle) handle).context.makeCurrent() : null;
  }

  @Override
  public void release(Object resumed) {
    if (resumed instanceof Scope) {
      ((Scope) resumed).close();
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
    if (!Handle.ENDED.compareAndSet(handle, 0, 1)) {
      return;
    }
    Span span = handle.span;
    try {
      ((SpanEventHandler) handle.entry.handler).onEnd(event, span);
      if (event instanceof NetworkEvent && ((NetworkEvent) event).serverAddress != null) {
        span.setAttribute(SERVER_ADDRESS, ((NetworkEvent) event).serverAddress); // some peers are known only now
      }
    } catch (Throwable t) {
      AgentLog.warnOnce("handler-end-" + handle.entry.handler.getClass().getName(),
          "handler " + handle.entry.handler.getClass().getName() + " failed at span end: " + t);
    }
    Throwable error = event.error;
    if (error != null) {
      recordError(handle.entry.handler, event, span, error);
    }
    notifyEnd(event, span);
    handle.closeScope();
    span.end();
  }

  /** Status and exception event; the message as the handler gives it when it may quote data (sanitized SQL errors). */
  private static void recordError(Object handler, SpanEvent event, Span span, Throwable error) {
    String message = error.getMessage();
    if (handler instanceof ErrorMessages) {
      try {
        message = ((ErrorMessages) handler).errorMessage(event, error);
      } catch (Throwable t) {
        message = null; // when in doubt, no message
      }
    }
    span.setStatus(StatusCode.ERROR, String.valueOf(message));
    if (java.util.Objects.equals(message, error.getMessage())) {
      span.recordException(error);
      return;
    }
    // the event as the SDK records it, the messages in the stack trace (first line, causes) sanitized too
    java.io.StringWriter trace = new java.io.StringWriter();
    error.printStackTrace(new java.io.PrintWriter(trace));
    StringBuilder stack = new StringBuilder();
    String[] lines = trace.toString().split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.trim();
      boolean frame = trimmed.startsWith("at ") || trimmed.startsWith("...");
      stack.append(i == 0 ? error.getClass().getName() + (message == null ? "" : ": " + message)
          : frame ? line : ErrorMessages.sanitize(line)).append('\n');
    }
    io.opentelemetry.api.common.AttributesBuilder attributes = io.opentelemetry.api.common.Attributes.builder()
        .put("exception.type", error.getClass().getName())
        .put("exception.stacktrace", stack.toString());
    if (message != null) {
      attributes.put("exception.message", message);
    }
    span.addEvent("exception", attributes.build());
  }

  /** Whether any listener is registered (spans made outside the handlers tell them only then). */
  public boolean hasListeners() {
    return !listeners.isEmpty();
  }

  /** Tells the listeners about a span started outside the handlers (the application's own, through its API). */
  public void notifyStarted(SpanEvent event, Span span) {
    notifyStart(event, span);
  }

  /** Tells the listeners that a span started outside the handlers is about to end. */
  public void notifyEnding(SpanEvent event, Span span) {
    notifyEnd(event, span);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void notifyStart(SpanEvent event, Span span) {
    for (int i = 0; i < listeners.size(); i++) {
      Listening listening = listeners.get(i);
      if (listening.eventType.isInstance(event)) {
        SpanListener listener = listening.listener;
        try {
          listener.onStart(event, span);
        } catch (Throwable t) {
          listenerFailed(listener, t);
        }
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void notifyEnd(SpanEvent event, Span span) {
    for (int i = 0; i < listeners.size(); i++) {
      Listening listening = listeners.get(i);
      if (listening.eventType.isInstance(event)) {
        SpanListener listener = listening.listener;
        try {
          listener.onEnd(event, span);
        } catch (Throwable t) {
          listenerFailed(listener, t);
        }
      }
    }
  }

  private static void listenerFailed(SpanListener<?> listener, Throwable t) {
    AgentLog.warnOnce("listener-" + listener.getClass().getName(),
        "listener " + listener.getClass().getName() + " threw " + t + "; the span is kept (reported once)");
  }

  private static final class Listening {
    final SpanListener<?> listener;
    final Class<?> eventType;

    Listening(SpanListener<?> listener, Class<?> eventType) {
      this.listener = listener;
      this.eventType = eventType;
    }
  }

  private static final class Entry {
    final SpanEventHandler<?> handler;
    /**
     * One key per kind: a server or consumer span does not hide the client or producer calls made while
     * handling it (a gRPC server calling another service, a consumer producing to the next topic).
     */
    @SuppressWarnings("unchecked")
    final ContextKey<Handle>[] keys = new ContextKey[SpanKind.values().length];
    final boolean nestable;

    Entry(SpanEventHandler<?> handler) {
      this.handler = handler;
      for (SpanKind kind : SpanKind.values()) {
        keys[kind.ordinal()] = ContextKey.named("tracer-" + handler.eventType().getSimpleName() + "-" + kind);
      }
      this.nestable = handler.nestable();
    }
  }

  /**
   * The event of the innermost open span of {@code eventType} and {@code kind} in the current context (e.g. the
   * request a server is handling on this thread), or null.
   */
  public SpanEvent currentEvent(Class<? extends SpanEvent> eventType, SpanKind kind) {
    Entry entry = byEventType.get(eventType);
    if (entry == null) {
      return null;
    }
    Handle handle = Context.current().get(entry.keys[kind.ordinal()]);
    return handle == null || handle.ended != 0 ? null : handle.event;
  }

  /** What lives between start and end: the event, the span, and the scope that made it current. */
  static final class Handle {
    final Entry entry;
    final SpanEvent event;
    final Span span;
    Context context;
    private final Thread owner = Thread.currentThread();
    private Scope scope;
    /** 1 once ended; a field updater rather than an AtomicBoolean: one object less per span. */
    static final AtomicIntegerFieldUpdater<Handle> ENDED = AtomicIntegerFieldUpdater.newUpdater(Handle.class, "ended");
    volatile int ended;

    Handle(Entry entry, SpanEvent event, Span span) {
      this.entry = entry;
      this.event = event;
      this.span = span;
    }

    void open(Context context) {
      this.context = context;
      this.scope = context.makeCurrent();
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
