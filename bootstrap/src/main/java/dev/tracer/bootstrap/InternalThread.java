package dev.tracer.bootstrap;

/**
 * A thread of the agent's own (export worker, shutdown flush). Nothing it does is traced; it never keeps the JVM
 * alive, and it carries nothing of the thread that started it: an agent thread started on an application's thread
 * (a flush the application asked for, a pool grown while exporting) would otherwise keep that thread's context
 * class loader, a web application's, and its inheritable thread locals alive for as long as it runs.
 */
public final class InternalThread extends Thread {
  public InternalThread(Runnable task, String name) {
    super(null, task, name, 0, false);
    setDaemon(true);
    setContextClassLoader(ClassLoader.getSystemClassLoader());
  }

  public static boolean current() {
    return Thread.currentThread() instanceof InternalThread;
  }
}
