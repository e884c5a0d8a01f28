package dev.tracer.instrumentation.jdbc;

import dev.tracer.bootstrap.WeakStore;
import net.bytebuddy.asm.Advice;

/** {@code Connection.prepareStatement(sql, ...)}: the returned statement's SQL, for its spans. */
public final class PrepareAdvice {
  private PrepareAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) String sql, @Advice.Return Object statement) {
    if (statement != null) {
      WeakStore.STATEMENT_SQL.put(statement, sql);
    }
  }
}
