package dev.tracer.agent;

import dev.tracer.agent.handler.AttributeKeys;
import dev.tracer.agent.handler.Handlers;
import dev.tracer.agent.trace.AgentTracer;
import dev.tracer.api.AgentLog;
import dev.tracer.bootstrap.ApplicationTracing;
import dev.tracer.bootstrap.ApplicationTracing.SpanIds;
import dev.tracer.bootstrap.CustomEvent;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The agent's side of the application's own OpenTelemetry API ({@link ApplicationTracing}): its contexts are the
 * agent's {@link Context}s, its spans the agent's spans (started by the agent's tracer under the application's
 * scope name: same sampler, processors, queue and exporters), its propagators the agent's. The agent's listeners
 * are told about each application span as a {@link CustomEvent} of instrumentation {@code opentelemetry-api}.
 */
public final class ApplicationBridge implements ApplicationTracing.Sink {
  /** The application's own span (its SDK's, or ids it wrapped) and the agent's stand-in for it. */
  private static final ContextKey<Foreign> FOREIGN = ContextKey.named("tracer-application-span");
  /** What the application keeps under its own keys. */
  private static final ContextKey<Object> VALUES = ContextKey.named("tracer-application-values");
  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<Map<String, String>>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  static final String INSTRUMENTATION = "opentelemetry-api";

  private final Tracer tracer;
  private final ContextPropagators propagators;
  /** Null where no listeners are to be told (benchmarks). */
  private final Handlers handlers;
  private final String[] fields;
  private final Map<String, Tracer> tracers = new ConcurrentHashMap<>();

  public ApplicationBridge(Tracer tracer, ContextPropagators propagators, Handlers handlers) {
    this.tracer = tracer;
    this.handlers = handlers;
    this.propagators = propagators;
    this.fields = propagators.getTextMapPropagator().fields().toArray(new String[0]);
  }

  /** An application span the listeners were told about: its event goes to them again at its end. */
  private static final class Listened {
    final Span span;
    final CustomEvent event;

    Listened(Span span, CustomEvent event) {
      this.span = span;
      this.event = event;
    }
  }

  /** The span behind what the helpers hold. */
  private static Span agentSpan(Object handle) {
    return handle instanceof Listened ? ((Listened) handle).span : (Span) handle;
  }

  private static final class Foreign {
    final Object applicationSpan;
    final Span standIn;

    Foreign(Object applicationSpan, Span standIn) {
      this.applicationSpan = applicationSpan;
      this.standIn = standIn;
    }
  }

  @Override
  public Object current() {
    return Context.current();
  }

  @Override
  public Object root() {
    return Context.root();
  }

  @Override
  public Object attach(Object context) {
    return ((Context) context).makeCurrent();
  }

  @Override
  public void detach(Object token) {
    ((Scope) token).close();
  }

  @Override
  public Object span(Object context) {
    return Span.fromContextOrNull((Context) context);
  }

  @Override
  public Object withSpan(Object context, Object span) {
    return ((Context) context).with(agentSpan(span));
  }

  @Override
  public Object withForeignSpan(Object context, SpanIds ids, Object applicationSpan) {
    Span standIn = Span.wrap(spanContext(ids));
    return ((Context) context).with(standIn).with(FOREIGN, new Foreign(applicationSpan, standIn));
  }

  @Override
  public Object applicationSpan(Object context) {
    Context c = (Context) context;
    Foreign foreign = c.get(FOREIGN);
    return foreign != null && Span.fromContextOrNull(c) == foreign.standIn ? foreign.applicationSpan : null;
  }

  @Override
  public String[] baggage(Object context) {
    Baggage baggage = Baggage.fromContextOrNull((Context) context);
    if (baggage == null || baggage.isEmpty()) {
      return null;
    }
    List<String> entries = new ArrayList<>(baggage.size() * 3);
    baggage.forEach((key, entry) -> {
      entries.add(key);
      entries.add(entry.getValue());
      entries.add(entry.getMetadata().getValue());
    });
    return entries.toArray(new String[0]);
  }

  @Override
  public Object withBaggage(Object context, String[] entries) {
    BaggageBuilder builder = Baggage.builder();
    for (int i = 0; entries != null && i + 2 < entries.length; i += 3) {
      if (entries[i] != null && entries[i + 1] != null) {
        builder.put(entries[i], entries[i + 1],
            BaggageEntryMetadata.create(entries[i + 2] == null ? "" : entries[i + 2]));
      }
    }
    return ((Context) context).with(builder.build());
  }

  @Override
  public Object applicationValues(Object context) {
    return ((Context) context).get(VALUES);
  }

  @Override
  public Object withApplicationValues(Object context, Object values) {
    return ((Context) context).with(VALUES, values);
  }

  @Override
  public Object tracer(String scopeName, String scopeVersion, String schemaUrl) {
    String key = scopeName + '\u0000' + scopeVersion + '\u0000' + schemaUrl;
    Tracer known = tracers.get(key);
    if (known == null) {
      known = tracer instanceof AgentTracer ? ((AgentTracer) tracer).withScope(scopeName, scopeVersion, schemaUrl)
          : tracer;
      if (tracers.size() < 1_000) { // an application making up scope names cannot grow this without bound
        tracers.put(key, known);
      }
    }
    return known;
  }

  @Override
  public Object startSpan(Object tracer, String name, String kind, Object parent, Object[] attributes,
      Object[] links, long startEpochNanos) {
    SpanBuilder builder = ((Tracer) tracer).spanBuilder(name).setSpanKind(kind(kind));
    builder.setParent(parent == null ? Context.current() : (Context) parent);
    forEachAttribute(attributes, builder::setAttribute);
    for (int i = 0; links != null && i + 1 < links.length; i += 2) {
      builder.addLink(spanContext((SpanIds) links[i]), attributes((Object[]) links[i + 1]));
    }
    if (startEpochNanos > 0) {
      builder.setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS);
    }
    Span span = builder.startSpan();
    if (handlers == null || !handlers.hasListeners() || !span.isRecording()) {
      return span;
    }
    CustomEvent event = new CustomEvent(INSTRUMENTATION, name);
    event.kind = kind(kind).name();
    handlers.notifyStarted(event, span);
    return new Listened(span, event);
  }

  @Override
  public SpanIds ids(Object span) {
    SpanContext context = agentSpan(span).getSpanContext();
    String[] state = null;
    TraceState traceState = context.getTraceState();
    if (!traceState.isEmpty()) {
      List<String> pairs = new ArrayList<>(traceState.size() * 2);
      traceState.forEach((key, value) -> {
        pairs.add(key);
        pairs.add(value);
      });
      state = pairs.toArray(new String[0]);
    }
    return new SpanIds(context.getTraceId(), context.getSpanId(), context.getTraceFlags().asByte(), state,
        context.isRemote());
  }

  @Override
  public boolean isRecording(Object span) {
    return agentSpan(span).isRecording();
  }

  @Override
  public void setAttributes(Object span, Object[] attributes) {
    forEachAttribute(attributes, agentSpan(span)::setAttribute);
  }

  @Override
  public void addEvent(Object span, String name, Object[] attributes, long epochNanos) {
    if (epochNanos > 0) {
      agentSpan(span).addEvent(name, attributes(attributes), epochNanos, TimeUnit.NANOSECONDS);
    } else {
      agentSpan(span).addEvent(name, attributes(attributes));
    }
  }

  @Override
  public void setStatus(Object span, String code, String description) {
    StatusCode status;
    try {
      status = StatusCode.valueOf(code);
    } catch (IllegalArgumentException | NullPointerException unknown) {
      return;
    }
    agentSpan(span).setStatus(status, description == null ? "" : description);
  }

  @Override
  public void recordException(Object span, Throwable exception, Object[] attributes) {
    agentSpan(span).recordException(exception, attributes(attributes));
  }

  @Override
  public void updateName(Object span, String name) {
    agentSpan(span).updateName(name);
  }

  @Override
  public void end(Object handle, long epochNanos) {
    Span span = agentSpan(handle);
    if (handle instanceof Listened && span.isRecording()) {
      handlers.notifyEnding(((Listened) handle).event, span);
    }
    if (epochNanos > 0) {
      span.end(epochNanos, TimeUnit.NANOSECONDS);
    } else {
      span.end();
    }
  }

  @Override
  public String[] fields() {
    return fields.clone();
  }

  @Override
  public void inject(Object context, Map<String, String> carrier) {
    propagators.getTextMapPropagator().inject((Context) context, carrier, (map, key, value) -> {
      if (map != null) {
        map.put(key, value);
      }
    });
  }

  @Override
  public Object extract(Object context, Map<String, String> carrier) {
    return propagators.getTextMapPropagator().extract((Context) context, carrier, MAP_GETTER);
  }

  @Override
  public boolean isAgentsOwn(ClassLoader loader) {
    try {
      return loader != null && Class.forName(Context.class.getName(), false, loader) == Context.class;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public void globalRefused(String attempt) {
    AgentLog.warnOnce("opentelemetry-api-global-set",
        "the application's " + attempt + " was ignored: the agent's OpenTelemetry stays the global one"
            + " (its spans go to the agent's exporters); reported once");
  }

  static SpanKind kind(String name) {
    if (name != null) {
      switch (name) {
        case "SERVER":
          return SpanKind.SERVER;
        case "CLIENT":
          return SpanKind.CLIENT;
        case "PRODUCER":
          return SpanKind.PRODUCER;
        case "CONSUMER":
          return SpanKind.CONSUMER;
        default:
          break;
      }
    }
    return SpanKind.INTERNAL;
  }

  static SpanContext spanContext(SpanIds ids) {
    TraceState state = TraceState.getDefault();
    if (ids.traceState != null && ids.traceState.length > 1) {
      TraceStateBuilder builder = TraceState.builder();
      for (int i = 0; i + 1 < ids.traceState.length; i += 2) {
        builder.put(ids.traceState[i], ids.traceState[i + 1]);
      }
      state = builder.build();
    }
    TraceFlags flags = TraceFlags.fromByte(ids.flags);
    return ids.remote ? SpanContext.createFromRemoteParent(ids.traceId, ids.spanId, flags, state)
        : SpanContext.create(ids.traceId, ids.spanId, flags, state);
  }

  /** Triples {@code key, type, value} as attributes; what cannot be read is left out. */
  static Attributes attributes(Object[] triples) {
    if (triples == null || triples.length < 3) {
      return Attributes.empty();
    }
    AttributesBuilder builder = Attributes.builder();
    forEachAttribute(triples, builder::put);
    return builder.build();
  }

  /**
   * Each triple {@code key, type, value} with its typed key, straight to a span or span builder: no
   * {@code Attributes} built and sorted for the application's {@code setAttribute}; a later value of the same key
   * wins, as in {@code Attributes}. What cannot be read is left out.
   */
  @SuppressWarnings("unchecked")
  static void forEachAttribute(Object[] triples, BiConsumer<AttributeKey<Object>, Object> action) {
    for (int i = 0; triples != null && i + 2 < triples.length; i += 3) {
      Object key = triples[i];
      Object type = triples[i + 1];
      Object value = triples[i + 2];
      if (!(key instanceof String) || value == null) {
        continue;
      }
      String name = (String) key;
      AttributeKey<?> typed;
      Object typedValue;
      try {
        switch (String.valueOf(type)) {
          case "STRING":
            typed = AttributeKeys.string(name);
            typedValue = value.toString();
            break;
          case "BOOLEAN":
            typed = AttributeKeys.booleanKey(name);
            typedValue = (Boolean) value;
            break;
          case "LONG":
            typed = AttributeKeys.longKey(name);
            typedValue = ((Number) value).longValue();
            break;
          case "DOUBLE":
            typed = AttributeKeys.doubleKey(name);
            typedValue = ((Number) value).doubleValue();
            break;
          case "STRING_ARRAY":
            typed = AttributeKey.stringArrayKey(name);
            typedValue = (List<?>) value;
            break;
          case "BOOLEAN_ARRAY":
            typed = AttributeKey.booleanArrayKey(name);
            typedValue = (List<?>) value;
            break;
          case "LONG_ARRAY":
            typed = AttributeKey.longArrayKey(name);
            typedValue = (List<?>) value;
            break;
          case "DOUBLE_ARRAY":
            typed = AttributeKey.doubleArrayKey(name);
            typedValue = (List<?>) value;
            break;
          default: // a type newer than the agent's API: its text
            typed = AttributeKeys.string(name);
            typedValue = value.toString();
            break;
        }
      } catch (ClassCastException wrongValue) {
        continue; // the application gave a value of another type than its key says: left out, as the SDK would
      }
      action.accept((AttributeKey<Object>) typed, typedValue);
    }
  }
}
