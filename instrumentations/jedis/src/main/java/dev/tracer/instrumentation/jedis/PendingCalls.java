package dev.tracer.instrumentation.jedis;

import dev.tracer.bootstrap.DatabaseEvent;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.SpanEvent;
import dev.tracer.bootstrap.WeakStore;
import java.util.ArrayDeque;

/**
 * Calls sent on one connection whose replies come back in the order they were sent (Redis, pipelined or
 * not): the advice that sends a command starts its event and hands it here; the advice that reads a reply
 * ends the oldest one. The span of a pipelined command so covers queueing to reading its reply. A helper class
 * of the module: its store is per class loader of the library.
 */
public final class PendingCalls {
  /** More unanswered calls than this on one connection are not traced (their replies still pair up). */
  static final int LIMIT = 10_000;
  static final WeakStore<ArrayDeque<SpanEvent>> PENDING = new WeakStore<>();
  private static final SpanEvent UNTRACED = new DatabaseEvent("untraced");

  private PendingCalls() {}

  /** {@code event} was sent on {@code connection}: starts its span (not made current) and waits for the reply. */
  public static void sent(Object connection, SpanEvent event) {
    if (connection == null || event == null || !Dispatch.active()) {
      return;
    }
    ArrayDeque<SpanEvent> queue = PENDING.get(connection);
    if (queue == null) {
      queue = new ArrayDeque<>();
      PENDING.put(connection, queue);
    }
    synchronized (queue) {
      if (queue.size() >= LIMIT) {
        queue.addLast(UNTRACED);
        return;
      }
      queue.addLast(event);
    }
    Dispatch.start(event);
    Dispatch.detach(event);
  }

  /** A reply (or {@code error} instead of one) was read on {@code connection}: ends the oldest call. */
  public static void replied(Object connection, Throwable error) {
    ArrayDeque<SpanEvent> queue = PENDING.get(connection);
    if (queue == null) {
      return;
    }
    SpanEvent event;
    synchronized (queue) {
      event = queue.pollFirst();
    }
    if (event != null && event != UNTRACED) {
      Dispatch.end(event, error);
    }
  }

  /** The connection was closed: calls still waiting for a reply end as they are. */
  public static void closed(Object connection) {
    ArrayDeque<SpanEvent> queue = PENDING.get(connection);
    if (queue == null) {
      return;
    }
    while (true) {
      SpanEvent event;
      synchronized (queue) {
        event = queue.pollFirst();
      }
      if (event == null) {
        return;
      }
      if (event != UNTRACED) {
        Dispatch.end(event, null);
      }
    }
  }

  /** Calls on {@code connection} still waiting for their reply. */
  static int waiting(Object connection) {
    ArrayDeque<SpanEvent> queue = PENDING.get(connection);
    if (queue == null) {
      return 0;
    }
    synchronized (queue) {
      return queue.size();
    }
  }
}
