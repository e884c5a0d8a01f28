package dev.tracer.instrumentation.jdbc;

import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * {@code executeQuery()}, {@code executeBatch()}... of a prepared statement: one event per call, with the SQL
 * the connection prepared. The URL is read once per connection from its metadata.
 */
public final class ExecuteAdvice {
  private ExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static DatabaseEvent enter(@Advice.This Statement statement) {
    return JdbcStatements.start(statement, null);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter DatabaseEvent event, @Advice.Thrown Throwable error,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result) {
    if (event == null) {
      return;
    }
    if (result instanceof int[]) {
      event.batchSize = ((int[]) result).length;
    } else if (result instanceof long[]) {
      event.batchSize = ((long[]) result).length;
    }
    Dispatch.end(event, error);
  }
}
