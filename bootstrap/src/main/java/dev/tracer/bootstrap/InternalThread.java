package dev.tracer.bootstrap;

/** A thread of the agent's own (export worker, shutdown flush). Nothing it does is traced; it never keeps the JVM alive. */
public final class InternalThread extends Thread {
  public InternalThread(Runnable task, String name) {
    super(task, name);
    setDaemon(true);
  }

  public static boolean current() {
    return Thread.currentThread() instanceof InternalThread;
  }
}
