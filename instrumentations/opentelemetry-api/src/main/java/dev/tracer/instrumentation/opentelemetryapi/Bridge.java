package dev.tracer.instrumentation.opentelemetryapi;

import dev.tracer.bootstrap.ApplicationTracing;
import dev.tracer.bootstrap.ApplicationTracing.SpanIds;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Helper (in the application's class loader): turns the application's OpenTelemetry values into what
 * {@link ApplicationTracing} takes, and back. Written against the API of 1.0.0, the oldest version bridged.
 */
public final class Bridge {
  /** The application's own keys for the span and the baggage of a context (package-private in its API). */
  static final ContextKey<?> SPAN_KEY;
  static final ContextKey<?> BAGGAGE_KEY;

  static {
    KeyProbe probe = new KeyProbe();
    Span.getInvalid().storeInContext(probe);
    SPAN_KEY = probe.key;
    probe.key = null;
    Baggage.empty().storeInContext(probe);
    BAGGAGE_KEY = probe.key;
  }

  private Bridge() {}

  /**
   * Whether this class loader's API is bridged: the agent runs and the API here is not the agent's own copy (in
   * production it never is; in-process tests have the agent on the test's class path).
   */
  public static final boolean ACTIVE = active();

  private static boolean active() {
    ApplicationTracing.Sink sink = ApplicationTracing.sink();
    try {
      return sink != null && !sink.isAgentsOwn(Bridge.class.getClassLoader());
    } catch (Throwable t) {
      return false;
    }
  }

  static ApplicationTracing.Sink sink() {
    return ApplicationTracing.sink();
  }

  /** For the advice on {@code GlobalOpenTelemetry.set}: true (skip the set) when the agent's API is the global one. */
  public static boolean refuseGlobal(String attempt) {
    ApplicationTracing.Sink sink = sink();
    if (!ACTIVE || sink == null) {
      return false;
    }
    try {
      sink.globalRefused(attempt);
    } catch (Throwable ignored) {
      // the application comes first
    }
    return true;
  }

  /** The agent's context for an application context: its own when it is one of ours, else built from its span and baggage. */
  static Object toAgent(Context context) {
    if (context instanceof BridgedContext) {
      return ((BridgedContext) context).agent;
    }
    ApplicationTracing.Sink sink = sink();
    Object agent = sink.root();
    if (context == null) {
      return agent;
    }
    Object span = context.get(SPAN_KEY);
    if (span instanceof Span) {
      agent = withSpan(agent, (Span) span);
    }
    Object baggage = context.get(BAGGAGE_KEY);
    if (baggage instanceof Baggage && !((Baggage) baggage).isEmpty()) {
      agent = sink.withBaggage(agent, entries((Baggage) baggage));
    }
    // its other keys stay readable through the context the application gave
    return context == Context.root() ? agent : sink.withApplicationValues(agent, context);
  }

  static Object withSpan(Object agent, Span span) {
    if (span instanceof BridgedSpan) {
      return sink().withSpan(agent, ((BridgedSpan) span).agentSpan);
    }
    Span foreign = span == null ? Span.getInvalid() : span;
    return sink().withForeignSpan(agent, ids(foreign.getSpanContext()), foreign);
  }

  /** The application's view of the span of an agent context, or null when it has none. */
  static Span span(Object agent) {
    ApplicationTracing.Sink sink = sink();
    Object own = sink.applicationSpan(agent);
    if (own instanceof Span) {
      return (Span) own;
    }
    Object span = sink.span(agent);
    return span == null ? null : new BridgedSpan(span);
  }

  static Baggage baggage(Object agent) {
    String[] entries = sink().baggage(agent);
    if (entries == null) {
      return null;
    }
    BaggageBuilder builder = Baggage.builder();
    for (int i = 0; i + 2 < entries.length; i += 3) {
      builder.put(entries[i], entries[i + 1], BaggageEntryMetadata.create(entries[i + 2]));
    }
    return builder.build();
  }

  static String[] entries(Baggage baggage) {
    List<String> entries = new ArrayList<>(baggage.size() * 3);
    for (Map.Entry<String, BaggageEntry> entry : baggage.asMap().entrySet()) {
      entries.add(entry.getKey());
      entries.add(entry.getValue().getValue());
      entries.add(entry.getValue().getMetadata().getValue());
    }
    return entries.toArray(new String[0]);
  }

  static SpanIds ids(SpanContext context) {
    String[] state = null;
    TraceState traceState = context.getTraceState();
    if (!traceState.isEmpty()) {
      List<String> pairs = new ArrayList<>(traceState.size() * 2);
      for (Map.Entry<String, String> entry : traceState.asMap().entrySet()) {
        pairs.add(entry.getKey());
        pairs.add(entry.getValue());
      }
      state = pairs.toArray(new String[0]);
    }
    return new SpanIds(context.getTraceId(), context.getSpanId(), context.getTraceFlags().asByte(), state,
        context.isRemote());
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

  /** Attributes as {@code key, type, value} triples; null when there are none. */
  static Object[] attributes(Attributes attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return null;
    }
    List<Object> triples = new ArrayList<>(attributes.size() * 3);
    for (Map.Entry<AttributeKey<?>, Object> entry : attributes.asMap().entrySet()) {
      triples.add(entry.getKey().getKey());
      triples.add(entry.getKey().getType().name());
      triples.add(entry.getValue());
    }
    return triples.toArray();
  }

  static Object[] attribute(AttributeKey<?> key, Object value) {
    return new Object[] {key.getKey(), key.getType().name(), value};
  }
}
