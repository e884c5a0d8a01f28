package dev.tracer.exporters;

import dev.tracer.api.AgentLog;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The OpenTelemetry exporters report failures through java.util.logging, one record per failed export, and the
 * propagators one record (with a stack trace) per malformed header an outside client sends. Left alone, a
 * backend that is down or a hostile client would flood the application's console (and its own JUL
 * configuration). Their records are taken off the JUL tree and turned into at most one agent log line per
 * logger per interval; an exporter's "Failed to export spans" records are left to the span queue, which reports
 * each failure with its reason and counts. With
 * {@code TRACER_LOG_LEVEL=debug} every record shows. In the agent jar the libraries log through {@link LibraryLogger}
 * (the build relocates {@code java.util.logging.Logger} there), which comes to {@link #publish} without
 * java.util.logging; the handler {@link #install} sets up is for the libraries as they are, unrelocated (the tests
 * and the in-process harness).
 */
public final class ExporterLogging {
  /**
   * The exporters', senders' and propagators' loggers all live under these names; so do the metrics SDK's (a
   * metric past its series limit, the application's own instruments included) and the runtime metrics library's.
   */
  private static final String[] ROOTS = {"io.opentelemetry.exporter", "zipkin2",
      "io.opentelemetry.api.baggage.propagation", "io.opentelemetry.api.trace.propagation",
      "io.opentelemetry.extension.trace.propagation", "io.opentelemetry.sdk.metrics",
      "io.opentelemetry.instrumentation.runtimetelemetry"};
  static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** "Failed to export spans" (Zipkin), "Failed to export 20 spans." (OTLP); metrics' failures still show. */
  private static final java.util.regex.Pattern SPAN_EXPORT_FAILED =
      java.util.regex.Pattern.compile("Failed to export (\\d+ )?spans");

  // strong references: JUL holds loggers weakly and would forget this configuration
  private static final Logger[] LOGGERS = new Logger[ROOTS.length];
  private static volatile boolean installed;

  private ExporterLogging() {}

  /**
   * True in the agent jar, where {@code Logger} here is {@link LibraryLogger}: no handler to install, and none may be
   * made, since a JUL handler starts java.util.logging's {@code LogManager}.
   */
  private static final boolean RELOCATED = !Logger.class.getName().startsWith("java.");

  public static synchronized void install() {
    if (installed || RELOCATED) {
      return;
    }
    Throttled handler = new Throttled();
    for (int i = 0; i < ROOTS.length; i++) {
      Logger logger = Logger.getLogger(ROOTS[i]);
      logger.setUseParentHandlers(false);
      logger.addHandler(handler);
      LOGGERS[i] = logger;
    }
    installed = true;
  }

  private static final ConcurrentHashMap<String, Long> LAST_LOGGED = new ConcurrentHashMap<>();

  /**
   * One record of a library's logger: with debug, a debug line; else a warning or worse becomes one agent line per
   * logger a minute at most. {@code message} is formatted already, its parameters filled in.
   */
  static void publish(String loggerName, Level level, String message, Throwable thrown) {
    if (!shown(level)) {
      return;
    }
    String text = message + (thrown == null ? "" : " (" + thrown + ")");
    if (AgentLog.isDebug()) {
      AgentLog.debug(loggerName + ": " + text);
      return;
    }
    if (message != null && (SPAN_EXPORT_FAILED.matcher(message).lookingAt() || message.equals("Exporter failed"))) {
      // span exports: each exporter's lane reports its failures, with the reason and the counts, once a minute;
      // the metric reader's "Exporter failed" repeats what the metric exporter's own line says
      return;
    }
    long now = System.nanoTime();
    String key = loggerName == null ? "" : loggerName;
    Long last = LAST_LOGGED.get(key);
    if (last != null && now - last < INTERVAL_NANOS) {
      return;
    }
    if (last == null ? LAST_LOGGED.putIfAbsent(key, now) == null : LAST_LOGGED.replace(key, last, now)) {
      AgentLog.warn(key + ": " + text + " (repeats are not shown for a minute)");
    }
  }

  /** Which of the libraries' records show: warnings and worse, everything with {@code TRACER_LOG_LEVEL=debug}. */
  static boolean shown(Level level) {
    return AgentLog.isDebug() || level.intValue() >= Level.WARNING.intValue();
  }

  private static final class Throttled extends Handler {
    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      if (record != null) {
        ExporterLogging.publish(record.getLoggerName(), record.getLevel(), FORMAT.formatMessage(record),
            record.getThrown());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
