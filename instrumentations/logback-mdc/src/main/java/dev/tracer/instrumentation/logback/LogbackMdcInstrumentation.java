package dev.tracer.instrumentation.logback;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Logback classic 1.2 to 1.6 (instrumentation name {@code log-mdc}): every log event made while a span is
 * current carries that span's trace id, span id and flags in its MDC map, under the {@code TRACER_LOG_MDC_KEYS}
 * names. The ids are taken when the {@code LoggingEvent} is created, on the thread that logs, and added to the
 * map the event hands its appenders; an {@code AsyncAppender}'s worker thus prints the ids of the span that was
 * current when the line was logged. The application's MDC itself is never written; nothing runs at span start
 * or end, and a line logged outside any span costs one thread-local read.
 */
public final class LogbackMdcInstrumentation implements InstrumentationModule {
  static final String LOGGING_EVENT = "ch.qos.logback.classic.spi.LoggingEvent";

  @Override
  public String name() {
    return "log-mdc";
  }

  @Override
  public List<String> requiredClasses() {
    // HardenedLoggingEventInputStream first appears in 1.2.0: it marks Logback 1.2, the oldest line tested;
    // 1.1 and older are left alone
    return Arrays.asList(LOGGING_EVENT, "ch.qos.logback.classic.Logger",
        "ch.qos.logback.classic.net.server.HardenedLoggingEventInputStream");
  }

  @Override
  public List<String> helperClasses() {
    return Collections.singletonList("dev.tracer.instrumentation.logback.LoggingEventIds");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(LOGGING_EVENT);
      }

      @Override
      public void transform(AdviceTarget target) {
        // the constructor a Logger uses (fqcn, logger, level, message, throwable, arguments)
        target.applyAdvice(isConstructor().and(takesArgument(1, named("ch.qos.logback.classic.Logger"))),
            EventCreatedAdvice.class);
        target.applyAdvice(named("getMDCPropertyMap").and(takesArguments(0)), MdcMapAdvice.class);
      }
    });
  }
}
