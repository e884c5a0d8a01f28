package dev.tracer.exporters;

import java.text.MessageFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;

/**
 * What {@code java.util.logging.Logger} is to the libraries in the agent jar (the OpenTelemetry SDK, exporters and
 * propagators, Zipkin's reporter, OkHttp, protobuf): the jar's build relocates every reference to that class here
 * (agent/pom.xml). Their records become {@link ExporterLogging}'s rate-limited agent lines and never reach the
 * application's logging. And java.util.logging itself is never started by the agent: the JVM's {@code LogManager} is
 * chosen once, when it is first used, from {@code java.util.logging.manager}; an agent that used it in premain would
 * make that choice before an application server (WildFly's, JBoss's log manager) can, and break the server's logging.
 * Levels are the agent's: warnings and above, everything with {@code TRACER_LOG_LEVEL=debug}.
 */
public final class LibraryLogger {
  private static final ConcurrentHashMap<String, LibraryLogger> LOGGERS = new ConcurrentHashMap<>();

  private final String name;

  private LibraryLogger(String name) {
    this.name = name;
  }

  public static LibraryLogger getLogger(String name) {
    return LOGGERS.computeIfAbsent(name == null ? "" : name, LibraryLogger::new);
  }

  public static LibraryLogger getLogger(String name, String resourceBundleName) {
    return getLogger(name);
  }

  public static LibraryLogger getGlobal() {
    return getLogger("global");
  }

  public static LibraryLogger getAnonymousLogger() {
    return getLogger("");
  }

  public String getName() {
    return name;
  }

  public boolean isLoggable(Level level) {
    return level.intValue() != Level.OFF.intValue() && ExporterLogging.shown(level);
  }

  public void log(Level level, String message) {
    publish(level, message, null, null);
  }

  public void log(Level level, String message, Throwable thrown) {
    publish(level, message, thrown, null);
  }

  public void log(Level level, String message, Object parameter) {
    publish(level, message, null, new Object[] {parameter});
  }

  public void log(Level level, String message, Object[] parameters) {
    publish(level, message, null, parameters);
  }

  public void log(Level level, Supplier<String> message) {
    if (isLoggable(level)) {
      publish(level, message.get(), null, null);
    }
  }

  public void log(Level level, Throwable thrown, Supplier<String> message) {
    if (isLoggable(level)) {
      publish(level, message.get(), thrown, null);
    }
  }

  public void logp(Level level, String sourceClass, String sourceMethod, String message) {
    publish(level, message, null, null);
  }

  public void logp(Level level, String sourceClass, String sourceMethod, String message, Throwable thrown) {
    publish(level, message, thrown, null);
  }

  public void logp(Level level, String sourceClass, String sourceMethod, String message, Object parameter) {
    publish(level, message, null, new Object[] {parameter});
  }

  public void logp(Level level, String sourceClass, String sourceMethod, String message, Object[] parameters) {
    publish(level, message, null, parameters);
  }

  public void severe(String message) {
    publish(Level.SEVERE, message, null, null);
  }

  public void warning(String message) {
    publish(Level.WARNING, message, null, null);
  }

  public void info(String message) {
    publish(Level.INFO, message, null, null);
  }

  public void config(String message) {
    publish(Level.CONFIG, message, null, null);
  }

  public void fine(String message) {
    publish(Level.FINE, message, null, null);
  }

  public void finer(String message) {
    publish(Level.FINER, message, null, null);
  }

  public void finest(String message) {
    publish(Level.FINEST, message, null, null);
  }

  public void severe(Supplier<String> message) {
    log(Level.SEVERE, message);
  }

  public void warning(Supplier<String> message) {
    log(Level.WARNING, message);
  }

  public void info(Supplier<String> message) {
    log(Level.INFO, message);
  }

  public void fine(Supplier<String> message) {
    log(Level.FINE, message);
  }

  public void finer(Supplier<String> message) {
    log(Level.FINER, message);
  }

  public void finest(Supplier<String> message) {
    log(Level.FINEST, message);
  }

  /** The level is the agent's ({@code TRACER_LOG_LEVEL}): a library's own setting does not change it. */
  public void setLevel(Level level) {}

  public Level getLevel() {
    return null;
  }

  /** No handlers: every record goes to the agent's log. */
  public void addHandler(Handler handler) {}

  public void removeHandler(Handler handler) {}

  public Handler[] getHandlers() {
    return new Handler[0];
  }

  public void setUseParentHandlers(boolean useParentHandlers) {}

  public boolean getUseParentHandlers() {
    return false;
  }

  private void publish(Level level, String message, Throwable thrown, Object[] parameters) {
    if (!isLoggable(level)) {
      return;
    }
    ExporterLogging.publish(name, level, format(message, parameters), thrown);
  }

  /** As java.util.logging's formatter does it: {@code {0}}-style parameters, when the message has any. */
  static String format(String message, Object[] parameters) {
    if (message == null || parameters == null || parameters.length == 0 || !message.contains("{")) {
      return message;
    }
    try {
      return MessageFormat.format(message, parameters);
    } catch (IllegalArgumentException notAPattern) {
      return message;
    }
  }
}
