package dev.tracer.bootstrap;

import java.util.Map;

/**
 * What the application's own tracing API (its own copy, in its own class loader) is bridged to: the agent's
 * tracer and the agent's one current context. An instrumentation's helpers implement the application's API types
 * and call this contract with plain JDK values; contexts, spans and tracers cross it as opaque objects of the
 * agent, never as the agent's types.
 *
 * <p>Attributes cross as a flat array of triples {@code key, type, value}: the type is the name of the
 * attribute's type ({@code STRING}, {@code BOOLEAN}, {@code LONG}, {@code DOUBLE}, {@code STRING_ARRAY},
 * {@code BOOLEAN_ARRAY}, {@code LONG_ARRAY}, {@code DOUBLE_ARRAY}), the value a {@code String}, {@code Boolean},
 * {@code Long}, {@code Double} or a {@code List} of them. Baggage crosses as triples {@code key, value, metadata}.
 */
public final class ApplicationTracing {

  /** Implemented by the agent. Every method may throw; the helpers calling it keep that from the application. */
  public interface Sink {
    /** The current context (the root context when nothing is current). */
    Object current();

    Object root();

    /** Makes {@code context} current; the token goes to {@link #detach}. */
    Object attach(Object context);

    void detach(Object token);

    /** The span of {@code context}, or null when it has none. */
    Object span(Object context);

    Object withSpan(Object context, Object span);

    /**
     * {@code context} with a span the agent did not start (the application's own SDK span, or ids it was given)
     * as its span: what the agent starts below it is its child. {@code applicationSpan} is handed back by
     * {@link #applicationSpan} while it is the context's span.
     */
    Object withForeignSpan(Object context, SpanIds ids, Object applicationSpan);

    /** The application's own span given to {@link #withForeignSpan}, if it is still the context's span, else null. */
    Object applicationSpan(Object context);

    /** Baggage entries as {@code key, value, metadata} triples; null when the context has none. */
    String[] baggage(Object context);

    Object withBaggage(Object context, String[] entries);

    /** What the application keeps in the context under keys of its own (opaque to the agent), or null. */
    Object applicationValues(Object context);

    Object withApplicationValues(Object context, Object values);

    /** The tracer of one instrumentation scope. */
    Object tracer(String scopeName, String scopeVersion, String schemaUrl);

    /**
     * Starts (never makes current) a span; {@code parent} is a context, {@code kind} the span kind's name,
     * {@code links} pairs of {@link SpanIds} and attributes, {@code startEpochNanos} 0 for now.
     */
    Object startSpan(Object tracer, String name, String kind, Object parent, Object[] attributes, Object[] links,
        long startEpochNanos);

    SpanIds ids(Object span);

    boolean isRecording(Object span);

    void setAttributes(Object span, Object[] attributes);

    /** {@code epochNanos} 0 for now. */
    void addEvent(Object span, String name, Object[] attributes, long epochNanos);

    void setStatus(Object span, String code, String description);

    void recordException(Object span, Throwable exception, Object[] attributes);

    void updateName(Object span, String name);

    /** {@code epochNanos} 0 for now. */
    void end(Object span, long epochNanos);

    /** The fields the agent's propagators read and write. */
    String[] fields();

    /** Writes {@code context} with the agent's propagators. */
    void inject(Object context, Map<String, String> carrier);

    /** {@code context} with what the agent's propagators read from {@code carrier} (field name to value). */
    Object extract(Object context, Map<String, String> carrier);

    /**
     * True when classes of {@code loader} see the agent's own copy of the API (only where the agent itself is on the
     * application's class path, as in-process tests run it): that copy is not bridged to itself.
     */
    boolean isAgentsOwn(ClassLoader loader);

    /** The application tried to replace the agent's global API object: one line, the agent's stays. */
    void globalRefused(String attempt);
  }

  /** A span's identity as the wire carries it. */
  public static final class SpanIds {
    public final String traceId;
    public final String spanId;
    public final byte flags;
    /** Trace state entries as {@code key, value} pairs, in order. */
    public final String[] traceState;
    public final boolean remote;

    public SpanIds(String traceId, String spanId, byte flags, String[] traceState, boolean remote) {
      this.traceId = traceId;
      this.spanId = spanId;
      this.flags = flags;
      this.traceState = traceState;
      this.remote = remote;
    }
  }

  private static volatile Sink sink;

  private ApplicationTracing() {}

  public static void install(Sink newSink) {
    sink = newSink;
  }

  /** The agent's sink, or null before the agent starts. */
  public static Sink sink() {
    return sink;
  }
}
