package dev.tracer.testing;

import java.util.function.BooleanSupplier;

/** Polls a condition; tests then assert on the state, so a timeout shows as a plain assertion failure. */
public final class Waiting {
  private Waiting() {}

  public static boolean until(BooleanSupplier done, int seconds) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
