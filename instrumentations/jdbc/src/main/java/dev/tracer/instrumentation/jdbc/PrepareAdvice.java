package dev.tracer.instrumentation.jdbc;

import dev.tracer.bootstrap.ContextComment;
import net.bytebuddy.asm.Advice;

/**
 * {@code Connection.prepareStatement(sql, ...)}: remembers the returned statement's SQL for its spans (the outermost
 * call's, when a pool's prepare calls the driver's). With comment propagation on, the SQL prepared carries the
 * context current now (it is fixed for every later execution).
 */
public final class PrepareAdvice {
  private PrepareAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static String enter(@Advice.Argument(value = 0, readOnly = false) String sql) {
    JdbcStatements.preparing();
    String original = sql;
    if (ContextComment.enabled) {
      sql = SqlComment.append(sql);
    }
    return original;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter String original, @Advice.Return Object statement) {
    JdbcStatements.prepared(statement, original);
  }
}
