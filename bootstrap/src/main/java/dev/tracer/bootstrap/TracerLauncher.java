package dev.tracer.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} and {@code Main-Class} of tracer.jar. Deliberately uses only JDK types until
 * tracer.jar is on the bootstrap class path, so that the bootstrap classes are defined there exactly once.
 */
public final class TracerLauncher {
  /**
   * The system property that says the agent runs in this JVM and how it came ({@code <version> premain} or
   * {@code <version> attach}): set once it has started, read by a second start here and by the attach command.
   */
  public static final String RUNNING = "dev.tracer.agent";

  private TracerLauncher() {}

  public static void premain(String args, Instrumentation inst) {
    launch(args, inst, "start");
  }

  /** {@code java -jar tracer.jar attach <pid>}: the agent joins a running JVM. */
  public static void agentmain(String args, Instrumentation inst) {
    launch(args, inst, "attach");
  }

  /** {@code java -jar tracer.jar ...}: the command-line tool. */
  public static void main(String[] args) throws Exception {
    File jarFile = jarFile();
    // the tool runs alone in its JVM: its loader may see the system class loader, which defines the JDK's tool
    // modules (jdk.attach, for attach)
    ClassLoader loader = newAgentLoader(jarFile, ClassLoader.getSystemClassLoader());
    Class<?> cli = Class.forName("dev.tracer.agent.Cli", true, loader);
    Object code = cli.getMethod("run", String[].class, File.class).invoke(null, args, jarFile);
    System.exit((Integer) code);
  }

  /** {@code entry}: the method of {@code dev.tracer.agent.Agent} to call, {@code start} or {@code attach}. */
  private static void launch(String args, Instrumentation inst, String entry) {
    try {
      String running = System.getProperty(RUNNING);
      if (running != null) { // twice is once: another -javaagent or attach changes nothing
        System.err.println("[tracer] already running in this JVM (" + running + "): this "
            + (entry.equals("attach") ? "attach" : "-javaagent") + " changed nothing");
        return;
      }
      if (!enabled()) {
        System.err.println("[tracer] disabled by TRACER_ENABLED=false: nothing installed");
        return;
      }
      File jarFile = jarFile();
      inst.appendToBootstrapClassLoaderSearch(new JarFile(jarFile));
      // from here on, the bootstrap copy of this package is the only one anybody resolves
      Class<?> loaderClass = Class.forName("dev.tracer.bootstrap.TracerLauncher", true, null);
      ClassLoader loader = (ClassLoader) loaderClass.getMethod("newAgentLoader", File.class, ClassLoader.class)
          .invoke(null, jarFile, ClassLoader.getSystemClassLoader().getParent());
      Class<?> agent = Class.forName("dev.tracer.agent.Agent", true, loader);
      agent.getMethod(entry, Instrumentation.class, String.class, File.class).invoke(null, inst, args, jarFile);
    } catch (Throwable t) {
      Throwable cause = t.getCause() != null ? t.getCause() : t;
      System.err.println("[tracer] could not start, the application runs untraced: " + cause);
    }
  }

  /** Public so that the bootstrap-defined copy can be called reflectively from the launcher. */
  public static ClassLoader newAgentLoader(File jarFile, ClassLoader parent) throws Exception {
    return new AgentClassLoader(new JarFile(jarFile, false), jarFile.toURI().toURL(), parent);
  }

  private static boolean enabled() {
    String value = System.getProperty("tracer.enabled");
    if (value == null) {
      value = System.getenv("TRACER_ENABLED");
    }
    if (value == null) {
      value = System.getProperty("otel.javaagent.enabled");
    }
    if (value == null) {
      value = System.getenv("OTEL_JAVAAGENT_ENABLED");
    }
    return value == null || !value.trim().equalsIgnoreCase("false");
  }

  private static File jarFile() throws Exception {
    URL location = TracerLauncher.class.getProtectionDomain().getCodeSource().getLocation();
    return new File(location.toURI());
  }
}
