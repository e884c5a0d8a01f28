package dev.tracer.instrumentation.jdbc;

import dev.tracer.bootstrap.ContextComment;
import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
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
    DatabaseEvent event = JdbcStatements.start(statement, sql);
    // a started event's span is the current context here; a nested call (no span of its own) sends SQL unchanged
    if (ContextComment.enabled && event.handle != null) {
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
