package dev.tracer.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A statement sent to a database or a command sent to a data store (SQL through JDBC, Redis commands).
 * Advice sets what it can read cheaply; the handler derives the rest (system, name, host and port from
 * {@link #connectionUrl}; operation and table from {@link #statement}).
 */
public final class DatabaseEvent extends NetworkEvent {
  /** {@link #statementKind}: SQL, which the handler parses (operation, table) and sanitizes as SQL. */
  public static final String SQL = "sql";
  /**
   * {@link #statementKind}: a command and its arguments ({@code SET user:1 "a b"}, arguments quoted when they hold
   * a space or a quote), named for its {@link #operation}; sanitizing replaces the arguments.
   */
  public static final String COMMAND = "command";
  /** A command's text is cut beyond this many characters. */
  private static final int MAX_COMMAND_CHARS = 2048;

  /** {@code postgresql}, {@code redis}...; null lets the handler derive it from the URL. */
  public String system;
  /** JDBC URL of the connection, when the instrumentation has one. */
  public String connectionUrl;
  /** Database name; null lets the handler derive it from the URL. */
  public String dbName;
  /** The statement as sent (unsanitized; the handler sanitizes it). */
  public String statement;
  /** What {@link #statement} is: {@link #SQL} (the default) or {@link #COMMAND}. */
  public String statementKind = SQL;
  /** The operation (e.g. a Redis command); null lets the handler derive it from the statement. */
  public String operation;
  /** Number of statements sent together (JDBC batch), 0 when not a batch. */
  public int batchSize;

  public DatabaseEvent(String instrumentation) {
    super(instrumentation);
  }

  /**
   * Makes this a {@link #COMMAND}: {@code operation} and its binary {@code arguments} (UTF-8) as one text, an
   * argument with a space, a quote or nothing in it quoted, so that the handler's sanitizer can split the text
   * again. Long texts are cut (arguments beyond the limit become {@code ...}).
   */
  public void command(String operation, List<byte[]> arguments) {
    this.statementKind = COMMAND;
    this.operation = operation;
    StringBuilder text = new StringBuilder(operation);
    for (int i = 0; i < arguments.size(); i++) {
      if (text.length() >= MAX_COMMAND_CHARS) {
        text.append(" ...");
        break;
      }
      text.append(' ');
      byte[] raw = arguments.get(i);
      int length = raw == null ? 0 : Math.min(raw.length, MAX_COMMAND_CHARS);
      appendArgument(text, raw == null ? "" : new String(raw, 0, length, StandardCharsets.UTF_8));
    }
    this.statement = text.toString();
  }

  private static void appendArgument(StringBuilder text, String argument) {
    boolean quote = argument.isEmpty();
    for (int i = 0; i < argument.length() && !quote; i++) {
      char c = argument.charAt(i);
      quote = c <= ' ' || c == '"' || c == '\\';
    }
    if (!quote) {
      text.append(argument);
      return;
    }
    text.append('"');
    for (int i = 0; i < argument.length(); i++) {
      char c = argument.charAt(i);
      if (c == '"' || c == '\\') {
        text.append('\\');
      }
      text.append(c);
    }
    text.append('"');
  }
}
