package dev.tracer.instrumentation.jdbc;

import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.SqlComment;
import dev.tracer.bootstrap.WeakStore;
import java.sql.Connection;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * {@code execute(sql, ...)}, {@code executeQuery(sql)}...: one event per call with the SQL argument. With comment
 * propagation on, the SQL sent carries the context of the span just started; the span records the original.
 */
public final class ExecuteSqlAdvice {
  private ExecuteSqlAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static DatabaseEvent enter(@Advice.This Statement statement,
      @Advice.Argument(value = 0, readOnly = false) String sql) {
    DatabaseEvent event = new DatabaseEvent("jdbc");
    event.statement = sql;
    try {
      Connection connection = statement.getConnection();
      String url = WeakStore.CONNECTION_URL.get(connection);
      if (url == null) {
        url = connection.getMetaData().getURL();
        WeakStore.CONNECTION_URL.put(connection, url);
      }
      event.connectionUrl = url;
    } catch (Throwable unknown) {
      // a closed statement: the call below will say so, the span still records it
    }
    Dispatch.start(event);
    // a started event's span is the current context here; a nested call (no span of its own) sends SQL unchanged
    if (SqlComment.enabled && event.handle != null) {
      sql = SqlComment.append(sql);
    }
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter DatabaseEvent event, @Advice.Thrown Throwable error) {
    if (event != null) {
      Dispatch.end(event, error);
    }
  }
}
