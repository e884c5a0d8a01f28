package dev.tracer.instrumentation.log4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;

/**
 * Log4j 2.16, below the range (2.17.0 is the oldest tested): one "not supported" line, and lines logged while a
 * span is current are written as without the agent (log4j2-test.xml's sync file appender), with the
 * application's ThreadContext and no trace ids. Run by the execution {@code below} only.
 */
class Log4jBelowRangeTest {
  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install(Collections.singletonMap("tracer.log.mdc.keys", "traceId,spanId,traceFlags"));
    Path dir = Files.createDirectories(Paths.get("target", "logs-" + System.getProperty("library.versions")));
    System.setProperty("log.dir", dir.toString());
    Logger logger = LogManager.getLogger("sync");
    TestedVersions.assertLoaded(LoggerContext.class, Logger.class);

    Span span = AgentTesting.tracing().tracer.spanBuilder("application").startSpan();
    ThreadContext.put("user", "ada");
    try (Scope ignored = span.makeCurrent()) {
      logger.info("inside a span");
      assertThat(span.getSpanContext().isValid()).isTrue();
    } finally {
      ThreadContext.remove("user");
      span.end();
    }
    logger.info("outside");

    List<String> lines = Files.readAllLines(dir.resolve("sync.log"), StandardCharsets.UTF_8);
    assertThat(lines).containsExactly("|||ada|inside a span", "||||outside");
    List<String> notSupported = AgentConsole.notSupported("log-mdc");
    assertThat(notSupported).hasSize(1);
    assertThat(notSupported.get(0)).contains(Log4jMdcInstrumentation.FACTORY);
  }
}
