package dev.tracer.instrumentation.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import dev.tracer.instrumentation.logs.LogCorrelationContract;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import dev.tracer.testing.Waiting;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Logback: a plain appender, and one behind an {@code AsyncAppender} (formatted on its worker thread). */
class LogbackMdcTest extends LogCorrelationContract {
  private static final String PATTERN = mdcFields("%%X{%s}") + "%msg";

  @BeforeAll
  static void setUp() throws Exception {
    AgentTesting.install();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    start(Arrays.asList(sink(context, "sync", false), sink(context, "async", true)));
  }

  private static Sink sink(LoggerContext context, String name, boolean async) {
    Lines lines = new Lines();
    lines.setContext(context);
    lines.layout.setContext(context);
    lines.layout.setPattern(PATTERN);
    lines.layout.start();
    lines.start();
    Appender<ILoggingEvent> appender = lines;
    if (async) {
      AsyncAppender asyncAppender = new AsyncAppender();
      asyncAppender.setContext(context);
      asyncAppender.setQueueSize(4096);
      asyncAppender.setDiscardingThreshold(0);
      asyncAppender.addAppender(lines);
      asyncAppender.start();
      appender = asyncAppender;
    }
    Logger logger = context.getLogger(name);
    logger.setAdditive(false);
    logger.setLevel(Level.INFO);
    logger.addAppender(appender);
    return new Sink() {
      @Override
      public void info(String message) {
        logger.info(message);
      }

      @Override
      public List<String> lines() {
        return new ArrayList<>(lines.lines);
      }
    };
  }

  /** Formats each event with the pattern, on the appender's thread. */
  static final class Lines extends AppenderBase<ILoggingEvent> {
    final PatternLayout layout = new PatternLayout();
    final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(layout.doLayout(event));
    }
  }

  @Override
  protected void putMdc(String key, String value) {
    MDC.put(key, value);
  }

  @Override
  protected void removeMdc(String key) {
    MDC.remove(key);
  }

  @Override
  protected String getMdc(String key) {
    return MDC.get(key);
  }

  @Test
  void theTestedVersion() {
    TestedVersions.assertLoaded(LoggerContext.class);
  }

  @Test
  void theIdsKeptForEventsAreReleased() {
    logUnreadEvents();
    assertThat(Waiting.until(() -> {
      System.gc();
      return LoggingEventIds.PENDING.size() == 0;
    }, 10))
        .as("ids kept for log events: " + LoggingEventIds.PENDING.size()).isTrue();
  }

  /** 100,000 events made inside a span that no appender reads: their ids stay kept until the events are collected. */
  private static void logUnreadEvents() {
    Logger quiet = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("quiet");
    quiet.setAdditive(false);
    io.opentelemetry.api.trace.Span span = AgentTesting.tracing().tracer.spanBuilder("quiet").startSpan();
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      for (int i = 0; i < 100_000; i++) {
        quiet.warn("no appender reads this"); // made (level WARN), no appender: its ids are kept, then collected
      }
    } finally {
      span.end();
    }
  }
}
