package dev.tracer.agent;

import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/** {@code java -jar tracer.jar}: the command-line tool. */
public final class Cli {
  private Cli() {}

  public static int run(String[] args, File jar) {
    PrintStream out = System.out;
    String command = args.length == 0 ? "--help" : args[0];
    switch (command) {
      case "--version":
      case "version":
        out.println("tracer " + version());
        return 0;
      case "--help":
      case "-h":
      case "help":
        out.println("tracer " + version() + " - a Java agent that traces JDBC, HTTP, Kafka, gRPC, AWS SDK and Jedis calls.");
        out.println();
        out.println("Use it as an agent:   java -javaagent:" + (jar == null ? "tracer.jar" : jar.getPath()) + " -jar app.jar");
        out.println("Configure it with TRACER_* environment variables or -Dtracer.* properties, e.g.");
        out.println("  TRACER_SERVICE_NAME=orders TRACER_EXPORTER=otlp TRACER_OTLP_ENDPOINT=http://collector:4318");
        out.println();
        out.println("Commands:");
        out.println("  --help      this text");
        out.println("  --version   the agent's version");
        out.println("  doctor      the configuration as resolved here (and where each value came from), the");
        out.println("              instrumentations and extensions found, and whether each exporter endpoint is");
        out.println("              reachable; exits 1 when something is wrong");
        out.println("  view        a local OTLP/HTTP receiver and trace viewer in the browser:");
        out.println("              view [--port 16686] [--otlp-port 4318] [--max-spans 100000] [--host 127.0.0.1];");
        out.println("              then run applications with TRACER_EXPORTER=view and open http://127.0.0.1:16686/");
        out.println("  attach <pid>, attach <main-class-or-jar-substring>");
        out.println("              load the agent into a running JVM of this user, no restart; this command's");
        out.println("              TRACER_*/OTEL_* variables and -Dtracer.* properties win over that JVM's own");
        out.println("  attach --list  the JVMs that can be attached: pid and main class or jar");
        return 0;
      case "attach":
        // checked before the Attach class is linked: linking it needs jdk.attach's types
        if (!ModuleLayer.boot().findModule("jdk.attach").isPresent()) {
          System.err.println("tracer: this Java runtime has no jdk.attach module (a JRE?): run attach with the java of a JDK");
          return 1;
        }
        return new Attach(out, System.err, jar).run(args);
      case "doctor":
        return new Doctor(Config.fromSystem(), Cli.class.getClassLoader(), out).run();
      case "view":
        return view(Arrays.copyOfRange(args, 1, args.length));
      default:
        System.err.println("tracer: unknown command '" + command + "' (try --help)");
        return 2;
    }
  }

  /**
   * The viewer (module viewer, packed under inst/ like the agent) is looked up by name: neither it nor its protobuf
   * and JSON libraries are loaded by anything but this command.
   */
  private static int view(String[] args) {
    try {
      Class<?> viewer = Class.forName("dev.tracer.viewer.Viewer", true, Cli.class.getClassLoader());
      return (Integer) viewer.getMethod("run", String[].class).invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      System.err.println("tracer view: " + e.getCause());
      return 1;
    } catch (ReflectiveOperationException | LinkageError e) {
      System.err.println("tracer view: not in this tracer.jar (" + e + ")");
      return 1;
    }
  }

  static String version() {
    String version = Cli.class.getPackage() == null ? null : Cli.class.getPackage().getImplementationVersion();
    return version == null ? "0.1.0-SNAPSHOT" : version;
  }
}
