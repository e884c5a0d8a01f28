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
 * {@code TRACER_LOG_LEVEL=debug} every record shows.
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

  public static synchronized void install() {
    if (installed) {
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

  private static final class Throttled extends Handler {
    private static final SimpleFormatter FORMAT = new SimpleFormatter();
    private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();

    @Override
    public void publish(LogRecord record) {
      if (record == null) {
        return;
      }
      String text = FORMAT.formatMessage(record) + (record.getThrown() == null ? "" : " (" + record.getThrown() + ")");
      if (AgentLog.isDebug()) {
        AgentLog.debug(record.getLoggerName() + ": " + text);
        return;
      }
      if (record.getLevel().intValue() < Level.WARNING.intValue()) {
        return;
      }
      String message = record.getMessage();
      if (message != null && (SPAN_EXPORT_FAILED.matcher(message).lookingAt() || message.equals("Exporter failed"))) {
        // span exports: each exporter's lane reports its failures, with the reason and the counts, once a minute;
        // the metric reader's "Exporter failed" repeats what the metric exporter's own line says
        return;
      }
      long now = System.nanoTime();
      String key = record.getLoggerName() == null ? "" : record.getLoggerName();
      Long last = lastLogged.get(key);
      if (last != null && now - last < INTERVAL_NANOS) {
        return;
      }
      if (last == null ? lastLogged.putIfAbsent(key, now) == null : lastLogged.replace(key, last, now)) {
        AgentLog.warn(key + ": " + text + " (repeats are not shown for a minute)");
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
