package dev.tracer.instrumentation.log4j;

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
 * Log4j 2.17 and later (instrumentation name {@code log-mdc}): every log event made while a span is current
 * carries that span's trace id, span id and flags in its context data, under the {@code TRACER_LOG_MDC_KEYS}
 * names. Log4j fills an event's context data through the {@code ContextDataInjector} that
 * {@code ContextDataInjectorFactory.createInjector()} returns, on the thread that logs, when the event is made
 * (async loggers and appenders included); that injector is wrapped to add the ids. The application's
 * {@code ThreadContext} is never written; nothing runs at span start or end.
 */
public final class Log4jMdcInstrumentation implements InstrumentationModule {
  static final String FACTORY = "org.apache.logging.log4j.core.impl.ContextDataInjectorFactory";

  @Override
  public String name() {
    return "log-mdc";
  }

  @Override
  public List<String> requiredClasses() {
    // RuntimeStrSubstitutor first appears in 2.17.0 (the fix for recursive lookups), the oldest version tested
    return Arrays.asList(FACTORY, "org.apache.logging.log4j.core.ContextDataInjector",
        "org.apache.logging.log4j.util.SortedArrayStringMap",
        "org.apache.logging.log4j.core.lookup.RuntimeStrSubstitutor");
  }

  @Override
  public List<String> helperClasses() {
    // a name, not a class literal: the agent's class loader cannot load a class that implements a Log4j type
    return Collections.singletonList("dev.tracer.instrumentation.log4j.TraceContextDataInjector");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(FACTORY);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(named("createInjector").and(isStatic()).and(takesArguments(0)), CreateInjectorAdvice.class);
      }
    });
  }
}
