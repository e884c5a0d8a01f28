package dev.tracer.instrumentation.jdbc;

import dev.tracer.bootstrap.ContextComment;

/**
 * SQL comment propagation ({@code TRACER_DB_COMMENT_PROPAGATION}): appends the current trace context to a SQL
 * statement as a sqlcommenter comment, {@code /*traceparent='00-<trace>-<span>-01'*}{@code /}, so that the
 * database's own logs can be tied to the trace. Advice calls {@link #append} only when
 * {@link ContextComment#enabled}. A helper class of the module.
 */
public final class SqlComment {
  private SqlComment() {}

  /** The statement with the current context appended, or the statement unchanged. Never throws. */
  public static String append(String sql) {
    try {
      return append(sql, ContextComment.current());
    } catch (Throwable t) {
      return sql;
    }
  }

  /**
   * {@code comment} (e.g. {@code traceparent='...'}) appended to {@code sql} as {@code /*...*}{@code /}, before a
   * final {@code ;}; unchanged when the statement is blank or already ends in a comment (a {@code /*...*}{@code /}
   * block, or a {@code --} on its last line, which we cannot tell from a string literal cheaply).
   */
  public static String append(String sql, String comment) {
    if (sql == null || comment == null) {
      return sql;
    }
    int end = sql.length();
    while (end > 0 && Character.isWhitespace(sql.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return sql;
    }
    boolean semicolon = sql.charAt(end - 1) == ';';
    int body = semicolon ? end - 1 : end;
    while (body > 0 && Character.isWhitespace(sql.charAt(body - 1))) {
      body--;
    }
    if (body == 0 || body >= 2 && sql.startsWith("*/", body - 2)) {
      return sql;
    }
    int lineStart = Math.max(sql.lastIndexOf('\n', body - 1), sql.lastIndexOf('\r', body - 1)) + 1;
    if (sql.substring(lineStart, body).contains("--")) {
      return sql;
    }
    return sql.substring(0, body) + " /*" + comment + "*/" + sql.substring(body);
  }
}
