package dev.tracer.instrumentation.jdbc;

import net.bytebuddy.asm.Advice;

/**
 * {@code Statement.close()} and {@code Connection.close()}: what was remembered about the object goes now, not when
 * a GC clears its weak key (a pool hands out a new connection wrapper per borrow, so between collections the
 * stores would otherwise hold an entry per statement and per borrow).
 */
public final class CloseAdvice {
  private CloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object closed) {
    JdbcStatements.closed(closed);
  }
}
