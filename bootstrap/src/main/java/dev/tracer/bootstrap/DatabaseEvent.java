package dev.tracer.bootstrap;

/**
 * A statement sent to a database or a command sent to a data store (SQL through JDBC, Redis commands).
 * Advice sets what it can read cheaply; the handler derives the rest (system, name, host and port from
 * {@link #connectionUrl}; operation and table from {@link #statement}).
 */
public final class DatabaseEvent extends NetworkEvent {
  /** {@code postgresql}, {@code redis}...; null lets the handler derive it from the URL. */
  public String system;
  /** JDBC URL of the connection, when the instrumentation has one. */
  public String connectionUrl;
  /** Database name; null lets the handler derive it from the URL. */
  public String dbName;
  /** The statement as sent (unsanitized; the handler sanitizes it). */
  public String statement;
  /** The operation (e.g. a Redis command); null lets the handler derive it from the statement. */
  public String operation;
  /** Number of statements sent together (JDBC batch), 0 when not a batch. */
  public int batchSize;

  public DatabaseEvent(String instrumentation) {
    super(instrumentation);
  }
}
