package dev.tracer.agent;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import dev.tracer.bootstrap.TracerLauncher;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code java -jar tracer.jar attach <pid>}: loads the agent into a running JVM of this user through the JDK's
 * Attach API, handing it this command's {@code TRACER_*}/{@code OTEL_*} variables and {@code tracer.*}/{@code otel.*}
 * properties (they win over the target's own, see {@link Config#attached}). Each failure is one line and exit code 1; a wrong command line is exit code 2.
 */
final class Attach {
  private final PrintStream out;
  private final PrintStream err;
  private final File jar;
  private final String user = System.getProperty("user.name");

  Attach(PrintStream out, PrintStream err, File jar) {
    this.out = out;
    this.err = err;
    this.jar = jar;
  }

  int run(String[] args) {
    if (args.length != 2 || args[1].isEmpty()) {
      err.println("tracer: usage: attach <pid> | attach <main-class-or-jar-substring> | attach --list");
      return 2;
    }
    try {
      return args[1].equals("--list") || args[1].equals("-l") ? list() : attach(args[1]);
    } catch (Failure failure) {
      return fail(failure.getMessage());
    }
  }

  private int list() {
    List<VirtualMachineDescriptor> jvms = others();
    if (jvms.isEmpty()) {
      out.println("no other Java virtual machine of user " + user + " runs here");
    }
    for (VirtualMachineDescriptor jvm : jvms) {
      out.println(String.format("%-8s %s", jvm.id(), shown(jvm)));
    }
    return 0;
  }

  private int attach(String target) throws Failure {
    String pid = target.chars().allMatch(Character::isDigit) ? target : pidOf(target);
    String description = check(pid);
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(pid);
    } catch (AttachNotSupportedException | IOException e) {
      throw new Failure("could not attach to pid " + pid + " (" + e.getMessage() + "); a JVM started with"
          + " -XX:+DisableAttachMechanism, or of another user, cannot be attached to");
    }
    try {
      Properties properties = vm.getSystemProperties();
      String version = properties.getProperty("java.specification.version", "");
      if (version.startsWith("1.") || version.equals("9") || version.equals("10")) {
        throw new Failure("pid " + pid + " runs Java " + version + ": tracer needs Java 11 or later");
      }
      String running = properties.getProperty(TracerLauncher.RUNNING);
      Map<String, String> given = AttachSettings.ofThisCommand();
      Path settings = Files.createTempFile("tracer-attach-", ".properties"); // owner only: may hold credentials
      try {
        // loaded even where the agent runs, so that the target's own log says this attach changed nothing
        vm.loadAgent(jar.getAbsolutePath(), AttachSettings.handOver(given, settings));
      } finally {
        Files.deleteIfExists(settings);
      }
      if (running != null) {
        throw new Failure("tracer already runs in pid " + pid + " (" + description + ", since " + running
            + "): nothing changed");
      }
      String now = vm.getSystemProperties().getProperty(TracerLauncher.RUNNING);
      if (now == null) {
        throw new Failure("tracer did not start in pid " + pid + " (" + description + "): its standard error says why");
      }
      out.println("tracer " + Cli.version() + " attached to pid " + pid + " (" + description + ")"
          + (given.isEmpty() ? ", with that JVM's own settings" : ", settings handed over: " + String.join(", ", new TreeSet<>(given.keySet()))));
      out.println("classes already loaded are instrumented; the next requests are traced (the JVM's standard error"
          + " has the agent's log)");
      return 0;
    } catch (AgentLoadException | AgentInitializationException e) {
      throw new Failure("the agent could not be loaded into pid " + pid + ": " + e.getMessage());
    } catch (IOException e) {
      throw new Failure("lost the connection to pid " + pid + ": " + e.getMessage());
    } finally {
      try {
        vm.detach();
      } catch (IOException ignored) {
        // it went away: nothing to release
      }
    }
  }

  /** The one JVM whose main class or jar contains {@code text}. */
  private String pidOf(String text) throws Failure {
    List<VirtualMachineDescriptor> matching = others().stream().filter(jvm -> jvm.displayName().contains(text))
        .collect(Collectors.toList());
    if (matching.isEmpty()) {
      throw new Failure("no Java virtual machine of user " + user + " runs something named like '" + text
          + "' (see attach --list)");
    }
    if (matching.size() > 1) {
      throw new Failure("'" + text + "' matches " + matching.size() + " JVMs, give the pid: " + matching.stream()
          .map(jvm -> jvm.id() + " (" + shown(jvm) + ")").collect(Collectors.joining(", ")));
    }
    return matching.get(0).id();
  }

  /**
   * What can be known before attaching, each with its own line: the pid exists, is not this command, runs as
   * this user, and is a JVM (the attach mechanism signals the process: never tried on anything else).
   */
  private String check(String pid) throws Failure {
    long id;
    try {
      id = Long.parseLong(pid);
    } catch (NumberFormatException e) {
      throw new Failure("not a pid: " + pid);
    }
    Optional<ProcessHandle> process = ProcessHandle.of(id);
    if (!process.isPresent() || !process.get().isAlive()) {
      throw new Failure("no process with pid " + pid);
    }
    if (id == ProcessHandle.current().pid()) {
      throw new Failure("pid " + pid + " is this command itself");
    }
    Optional<String> owner = process.get().info().user();
    if (owner.isPresent() && !owner.get().equals(user)) {
      throw new Failure("pid " + pid + " runs as user " + owner.get() + ", this command as " + user
          + ": the JDK attaches only to JVMs of the same user (run it as " + owner.get() + ")");
    }
    for (VirtualMachineDescriptor jvm : VirtualMachine.list()) {
      if (jvm.id().equals(pid)) {
        return shown(jvm);
      }
    }
    // not listed: a JVM without performance data (-XX:-UsePerfData) is still one if it maps libjvm
    Path maps = Paths.get("/proc", pid, "maps");
    try (java.util.stream.Stream<String> lines = Files.lines(maps, StandardCharsets.ISO_8859_1)) {
      if (lines.anyMatch(l -> l.contains("/libjvm."))) {
        return process.get().info().command().orElse("java");
      }
    } catch (IOException | RuntimeException unreadable) {
      // treated as not a JVM
    }
    throw new Failure("pid " + pid + " is not a Java virtual machine"
        + process.get().info().command().map(command -> " (" + command + ")").orElse(""));
  }

  private static List<VirtualMachineDescriptor> others() {
    String self = String.valueOf(ProcessHandle.current().pid());
    return VirtualMachine.list().stream().filter(jvm -> !jvm.id().equals(self)).collect(Collectors.toList());
  }

  private static String shown(VirtualMachineDescriptor jvm) {
    return jvm.displayName().isEmpty() ? "main class unknown" : jvm.displayName();
  }

  private int fail(String message) {
    err.println("tracer: " + message);
    return 1;
  }

  /** One line for the user. */
  private static final class Failure extends Exception {
    Failure(String message) {
      super(message, null, false, false);
    }
  }
}
