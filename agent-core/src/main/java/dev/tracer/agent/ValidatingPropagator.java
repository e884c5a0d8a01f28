package dev.tracer.agent;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Collection;

/**
 * An OpenTelemetry propagator whose extraction first checks the incoming headers against their specification:
 * a malformed value (which the propagator alone may accept in part) gives no remote parent at all. Injection is
 * the propagator's own.
 */
final class ValidatingPropagator implements TextMapPropagator {
  /** Whether the headers a carrier holds are well-formed (absent headers are well-formed: nothing to extract). */
  interface Check {
    <C> boolean valid(C carrier, TextMapGetter<C> getter);
  }

  private final TextMapPropagator delegate;
  private final Check check;

  ValidatingPropagator(TextMapPropagator delegate, Check check) {
    this.delegate = delegate;
    this.check = check;
  }

  @Override
  public Collection<String> fields() {
    return delegate.fields();
  }

  @Override
  public <C> void inject(Context context, C carrier, TextMapSetter<C> setter) {
    delegate.inject(context, carrier, setter);
  }

  @Override
  public <C> Context extract(Context context, C carrier, TextMapGetter<C> getter) {
    try {
      if (carrier != null && getter != null && !check.valid(carrier, getter)) {
        return context;
      }
    } catch (RuntimeException e) {
      return context;
    }
    return delegate.extract(context, carrier, getter);
  }

  @Override
  public String toString() {
    return "Validating{" + delegate + "}";
  }

  /** B3 single ({@code b3}) and multiple ({@code X-B3-*}) headers, as the B3 specification defines them. */
  static final Check B3 = new Check() {
    @Override
    public <C> boolean valid(C carrier, TextMapGetter<C> getter) {
      String single = getter.get(carrier, "b3");
      if (single != null) {
        return validB3Single(single.trim());
      }
      String traceId = getter.get(carrier, "X-B3-TraceId");
      String spanId = getter.get(carrier, "X-B3-SpanId");
      String sampled = getter.get(carrier, "X-B3-Sampled");
      String parent = getter.get(carrier, "X-B3-ParentSpanId");
      String flags = getter.get(carrier, "X-B3-Flags");
      return (traceId == null || hex(traceId.trim(), 16, 16) || hex(traceId.trim(), 32, 32))
          && (spanId == null || hex(spanId.trim(), 16, 16))
          && (parent == null || hex(parent.trim(), 16, 16))
          && (sampled == null || sampled.trim().matches("0|1|true|false"))
          && (flags == null || flags.trim().equals("1") || flags.trim().equals("0"));
    }
  };

  /** {@code {TraceId}-{SpanId}[-{SamplingState}[-{ParentSpanId}]]}, or the sampling state alone. */
  static boolean validB3Single(String value) {
    if (value.equals("0") || value.equals("1") || value.equals("d")) {
      return true;
    }
    String[] parts = value.split("-", -1);
    if (parts.length < 2 || parts.length > 4) {
      return false;
    }
    if (!(hex(parts[0], 16, 16) || hex(parts[0], 32, 32)) || !hex(parts[1], 16, 16)) {
      return false;
    }
    if (parts.length >= 3 && !(parts[2].equals("0") || parts[2].equals("1") || parts[2].equals("d"))) {
      return false;
    }
    return parts.length < 4 || hex(parts[3], 16, 16);
  }

  /** {@code uber-trace-id: {trace-id}:{span-id}:{parent-span-id}:{flags}} (also {@code %3A}-encoded), per the Jaeger spec. */
  static final Check JAEGER = new Check() {
    @Override
    public <C> boolean valid(C carrier, TextMapGetter<C> getter) {
      String value = getter.get(carrier, "uber-trace-id");
      return value == null || validJaeger(value.trim());
    }
  };

  static boolean validJaeger(String value) {
    String decoded = value.replace("%3A", ":").replace("%3a", ":");
    String[] parts = decoded.split(":", -1);
    if (parts.length != 4) {
      return false;
    }
    // receivers must accept ids shorter than their full length (left-padded with zeros), never longer ones
    return hex(parts[0], 1, 32) && !zero(parts[0]) && hex(parts[1], 1, 16) && !zero(parts[1])
        && hex(parts[2], 1, 16) && hex(parts[3], 1, 2);
  }

  private static boolean hex(String text, int min, int max) {
    if (text.length() < min || text.length() > max) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean zero(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }
}
