package dev.tracer.instrumentation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logback 1.1, below the range (1.2 is the oldest line tested): one "not supported" line, and a line logged while
 * a span is current is formatted as without the agent, with the application's MDC and no trace ids. Run by the
 * execution {@code below} only.
 */
class LogbackBelowRangeTest {
  @Test
  void staysOutOfTheWay() {
    AgentConsole.record();
    AgentTesting.install();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    TestedVersions.assertLoaded(LoggerContext.class);

    LogbackMdcTest.Lines lines = new LogbackMdcTest.Lines();
    lines.setContext(context);
    lines.layout.setContext(context);
    lines.layout.setPattern("%X{trace_id}|%X{span_id}|%X{trace_flags}|%X{user}|%msg");
    lines.layout.start();
    lines.start();
    Logger logger = context.getLogger("below");
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(lines);

    Span span = AgentTesting.tracing().tracer.spanBuilder("application").startSpan();
    MDC.put("user", "ada");
    try (Scope ignored = span.makeCurrent()) {
      logger.info("inside a span");
      assertThat(span.getSpanContext().isValid()).isTrue();
    } finally {
      MDC.remove("user");
      span.end();
    }
    logger.info("outside");

    assertThat(lines.lines).containsExactly("|||ada|inside a span", "||||outside");
    List<String> notSupported = AgentConsole.notSupported("log-mdc");
    assertThat(notSupported).hasSize(1);
    assertThat(notSupported.get(0)).contains(LogbackMdcInstrumentation.LOGGING_EVENT);
  }
}
