package dev.tracer.instrumentation.opentelemetryapi;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The application's own OpenTelemetry API (its {@code io.opentelemetry:opentelemetry-api} 1.x, in its own class
 * loader), bridged to the agent: {@code GlobalOpenTelemetry.get()} is the agent's tracer and propagators, and the
 * API's {@code ContextStorage} is the agent's current context, both ways. The helpers implement the API's types
 * and call the agent through {@code ApplicationTracing}; the agent's own OpenTelemetry classes stay in its loader.
 */
public final class OpenTelemetryApiInstrumentation implements InstrumentationModule {
  static final String NAME = "opentelemetry-api";
  static final String PKG = "dev.tracer.instrumentation.opentelemetryapi.";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> requiredClasses() {
    // TextMapGetter/TextMapSetter replaced TextMapPropagator.Getter/Setter in 0.17, the API 1.0 kept
    return Arrays.asList("io.opentelemetry.api.GlobalOpenTelemetry", "io.opentelemetry.context.propagation.TextMapGetter");
  }

  @Override
  public List<String> helperClasses() {
    // names, not class literals: they implement the application's API types, absent from the agent's loader
    return Arrays.asList(PKG + "Bridge", PKG + "KeyProbe", PKG + "BridgedContextStorage", PKG + "BridgedScope",
        PKG + "BridgedContext", PKG + "BridgedSpan", PKG + "ApplicationOpenTelemetry",
        PKG + "ApplicationTracerProvider", PKG + "ApplicationTracer", PKG + "ApplicationSpanBuilder",
        PKG + "ApplicationPropagators", PKG + "ApplicationTextMapPropagator");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new Global(), new Storage());
  }

  static final class Global implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("io.opentelemetry.api.GlobalOpenTelemetry");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(isStatic().and(named("get").or(named("getOrNoop"))).and(takesArguments(0)),
          GlobalGetAdvice.class);
      target.applyAdvice(isStatic().and(named("set")).and(takesArguments(1)), GlobalSetAdvice.class);
    }
  }

  /**
   * {@code ContextStorage.get()} is {@code LazyStorage.get()} in every 1.x. Not {@code ContextStorage} itself: the
   * helpers implement it, and defining them while it is being defined would define it twice.
   */
  static final class Storage implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("io.opentelemetry.context.LazyStorage");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(isStatic().and(named("get")).and(takesArguments(0)), ContextStorageAdvice.class);
    }
  }

  /**
   * API 1.4 and later: the helper behind {@code tracerBuilder(name)} (declared by {@code ApplicationTracerProvider}).
   * A module of its own (same name, switched with the other) because the helper implements {@code TracerBuilder},
   * which older APIs lack: it is defined only where that class is. It transforms nothing: it goes with the API's
   * entry class, and its helper is defined with it. (Not with {@code TracerProvider}: that class is loaded while the
   * other module's helpers are defined, and a class loaded during a transformation is not transformed.)
   */
  public static final class TracerBuilders implements InstrumentationModule {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public List<String> requiredClasses() {
      return Collections.singletonList("io.opentelemetry.api.trace.TracerBuilder");
    }

    @Override
    public List<String> helperClasses() {
      return Collections.singletonList(PKG + "ApplicationTracerBuilder");
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
      return Collections.singletonList(new HelpersOnly());
    }
  }

  /**
   * API 1.15 and later: the helpers behind {@code getMeterProvider()} (declared by {@code ApplicationOpenTelemetry}),
   * so the application's meters are the agent's, exported with its metrics. From 1.15 because the instruments'
   * observable and batch forms have their present types from then on. A module of its own for the reason
   * {@link TracerBuilders} is one.
   */
  public static final class Meters implements InstrumentationModule {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public List<String> requiredClasses() {
      return Collections.singletonList("io.opentelemetry.api.metrics.BatchCallback");
    }

    @Override
    public List<String> helperClasses() {
      return Arrays.asList(PKG + "ApplicationMeterProvider", PKG + "ApplicationMeterProvider$Builder",
          PKG + "ApplicationMeter", PKG + "BridgedLongBuilder", PKG + "BridgedDoubleBuilder",
          PKG + "BridgedGaugeBuilder", PKG + "BridgedGaugeBuilder$OfDoubles", PKG + "BridgedGaugeBuilder$OfLongs",
          PKG + "BridgedInstrument", PKG + "BridgedInstrument$OfLongs", PKG + "BridgedInstrument$OfDoubles",
          PKG + "BridgedObservable", PKG + "BridgedMeasurement");
    }

    @Override
    public List<TypeInstrumentation> typeInstrumentations() {
      return Collections.singletonList(new HelpersOnly());
    }
  }

  static final class HelpersOnly implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("io.opentelemetry.api.GlobalOpenTelemetry");
    }

    @Override
    public void transform(AdviceTarget target) {
      // no advice: the module's helper is defined in the loader of the type
    }
  }
}
