package dev.tracer.instrumentation.log4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.bootstrap.CurrentTrace;
import dev.tracer.instrumentation.logs.LogCorrelationContract;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Log4j 2 (log4j2-test.xml): a plain file appender, an {@code Async} appender and an {@code AsyncLogger}
 * (disruptor), the latter two formatting on their own threads. This JVM renames the keys with
 * {@code TRACER_LOG_MDC_KEYS}.
 */
class Log4jMdcTest extends LogCorrelationContract {
  private static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    AgentTesting.install(Collections.singletonMap("tracer.log.mdc.keys", "traceId,spanId,traceFlags"));
    dir = Files.createDirectories(Paths.get("target", "logs-" + System.getProperty("library.versions")));
    System.setProperty("log.dir", dir.toString());
    start(Arrays.asList(sink("sync", "sync.log"), sink("async", "async.log"), sink("asyncLogger", "async-logger.log")));
  }

  private static Sink sink(String name, String file) {
    Logger logger = LogManager.getLogger(name);
    return new Sink() {
      @Override
      public void info(String message) {
        logger.info(message);
      }

      @Override
      public List<String> lines() {
        try {
          return new ArrayList<>(Files.readAllLines(dir.resolve(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  @Override
  protected void putMdc(String key, String value) {
    ThreadContext.put(key, value);
  }

  @Override
  protected void removeMdc(String key) {
    ThreadContext.remove(key);
  }

  @Override
  protected String getMdc(String key) {
    return ThreadContext.get(key);
  }

  @Test
  void theTestedVersionAndKeys() {
    TestedVersions.assertLoaded(LoggerContext.class, Logger.class);
    assertThat(CurrentTrace.keys()).containsExactly("traceId", "spanId", "traceFlags");
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    assertThat(context.getConfiguration().getLoggerConfig("asyncLogger").getClass().getSimpleName())
        .isEqualTo("AsyncLoggerConfig");
  }
}
