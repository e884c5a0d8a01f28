package dev.tracer.agent.handler;

import dev.tracer.api.SpanEventHandler;
import dev.tracer.bootstrap.DatabaseEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;

/**
 * Database and data-store calls: CLIENT spans named {@code SELECT orders} for SQL, for the operation
 * ({@code GET}) for a command.
 */
public final class DatabaseEventHandler implements SpanEventHandler<DatabaseEvent>, ErrorMessages {
  static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  static final AttributeKey<String> DB_NAME = AttributeKey.stringKey("db.name");
  static final AttributeKey<String> DB_STATEMENT = AttributeKey.stringKey("db.statement");
  static final AttributeKey<String> DB_OPERATION = AttributeKey.stringKey("db.operation");
  static final AttributeKey<String> DB_TABLE = AttributeKey.stringKey("db.sql.table");
  static final AttributeKey<Long> DB_BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");

  private final boolean sanitize;
  private final BoundedCache<String, JdbcUrl> urls = new BoundedCache<>(256);
  /** Statements longer than this are parsed each time, never cached (bulk inserts, long literals). */
  static final int MAX_CACHED_STATEMENT_CHARS = 4096;
  /** All cached statement texts together: at most this many chars (2 MB as Latin-1, 4 MB as UTF-16). */
  static final long MAX_CACHED_CHARS = 2L * 1024 * 1024;
  /** db.statement is cut here: a span in the export queue holds at most this much of a statement. */
  static final int MAX_STATEMENT_CHARS = 16 * 1024;

  // keyed by a copy of the statement: the application's own string is not kept beyond its span
  final BoundedCache<String, Statement> statements = new BoundedCache<>(2048, MAX_CACHED_CHARS,
      MAX_CACHED_STATEMENT_CHARS, String::length, String::new);

  public DatabaseEventHandler(boolean sanitize) {
    this.sanitize = sanitize;
  }

  @Override
  public Class<DatabaseEvent> eventType() {
    return DatabaseEvent.class;
  }

  @Override
  public SpanKind kind(DatabaseEvent event) {
    return SpanKind.CLIENT;
  }

  /** Fills in what the advice left to us: system, database, peer, operation; once per event. */
  private Statement resolve(DatabaseEvent event) {
    if (event.connectionUrl != null) {
      JdbcUrl url = urls.get(event.connectionUrl, JdbcUrl::parse);
      if (event.system == null) {
        event.system = url.system;
      }
      if (event.dbName == null) {
        event.dbName = url.database;
      }
      if (event.serverAddress == null) {
        event.serverAddress = url.host;
        event.serverPort = url.port;
      }
    }
    return statement(event);
  }

  /** The parsed SQL of the event (memoized per statement text); null for no statement or a command. */
  private Statement statement(DatabaseEvent event) {
    if (event.statement == null || isCommand(event)) {
      return null;
    }
    String system = event.system;
    Statement statement = statements.get(event.statement, sql -> parse(sql, system));
    // the same text on another database's dialect (rare): parsed for that one, not cached
    return java.util.Objects.equals(statement.system, system) ? statement : parse(event.statement, system);
  }

  private static boolean isCommand(DatabaseEvent event) {
    return DatabaseEvent.COMMAND.equals(event.statementKind);
  }

  private Statement parse(String sql, String system) {
    if (!sanitize) {
      SqlSummary summary = SqlSummary.of(sql);
      // a copy: the statement may be cached, the application's string must not be
      String text = sql.length() > MAX_STATEMENT_CHARS ? truncate(sql) : new String(sql);
      return new Statement(system, text, summary.operation, summary.table);
    }
    String sanitized = SqlSanitizer.sanitize(sql, system);
    if (sanitized != null) {
      SqlSummary summary = SqlSummary.of(sanitized); // names only: every literal is already ?
      return new Statement(system, truncate(sanitized), summary.operation, summary.table);
    }
    // not read with certainty: no text, the operation and a table name only when it is a plain name
    SqlSummary summary = SqlSummary.of(sql);
    String table = summary.table == null || !SqlSummary.isPlainName(summary.table) ? null : summary.table;
    return new Statement(system, null, summary.operation, table);
  }

  @Override
  public String spanName(DatabaseEvent event) {
    Statement statement = resolve(event);
    if (statement != null && event.operation == null) {
      event.operation = statement.operation;
    }
    String table = statement == null ? null : statement.table;
    if (isCommand(event) && event.operation != null) {
      return event.operation;
    }
    if (event.operation != null && table != null) {
      return event.operation == statement.operation ? statement.spanName : event.operation + " " + table;
    }
    String target = event.dbName != null ? event.dbName : event.system;
    if (event.operation != null) {
      return target == null ? event.operation : event.operation + " " + target;
    }
    return target != null ? target : "DB";
  }

  @Override
  public void onStart(DatabaseEvent event, SpanBuilder span) {
    Statement statement = statement(event); // system was resolved by spanName, which the agent calls first
    span.setAttribute(DB_SYSTEM, event.system == null ? "other_sql" : event.system);
    if (event.dbName != null) {
      span.setAttribute(DB_NAME, event.dbName);
    }
    if (statement != null) {
      if (statement.text != null) {
        span.setAttribute(DB_STATEMENT, statement.text);
      }
      if (statement.table != null) {
        span.setAttribute(DB_TABLE, statement.table);
      }
    } else if (event.statement != null) {
      span.setAttribute(DB_STATEMENT, truncate(sanitize && isCommand(event)
          ? RedisSanitizer.sanitize(event.statement) : event.statement));
    }
    if (event.operation != null) {
      span.setAttribute(DB_OPERATION, event.operation);
    }
    if (event.batchSize > 0) {
      span.setAttribute(DB_BATCH_SIZE, (long) event.batchSize);
    }
  }

  @Override
  public void onEnd(DatabaseEvent event, Span span) {
    if (event.batchSize > 0) {
      span.setAttribute(DB_BATCH_SIZE, (long) event.batchSize);
    }
  }

  /** A database's error may quote the statement's values: sanitized as statements are, when sanitizing is on. */
  @Override
  public String errorMessage(dev.tracer.bootstrap.SpanEvent event, Throwable error) {
    return sanitize ? ErrorMessages.sanitize(error.getMessage()) : error.getMessage();
  }

  /** A copy of at most {@link #MAX_STATEMENT_CHARS}, marked as cut with a trailing {@code ...}. */
  static String truncate(String text) {
    return text == null || text.length() <= MAX_STATEMENT_CHARS ? text
        : text.substring(0, MAX_STATEMENT_CHARS - 3) + "...";
  }

  private static final class Statement {
    /** The dialect it was read in. */
    final String system;
    /** Null when the statement could not be sanitized with certainty. */
    final String text;
    final String operation;
    final String table;
    /** {@code <operation> <table>}, made once per cached statement rather than per execution. */
    final String spanName;

    Statement(String system, String text, String operation, String table) {
      this.system = system;
      this.text = text;
      this.operation = operation;
      this.table = table;
      this.spanName = operation != null && table != null ? operation + " " + table : null;
    }
  }
}
