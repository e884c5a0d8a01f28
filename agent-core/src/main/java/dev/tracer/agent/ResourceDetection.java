package dev.tracer.agent;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource attributes the OpenTelemetry Java agent detects, with its semantic-convention names: host, OS,
 * process, runtime, {@code service.instance.id}, {@code container.id} and the Kubernetes attributes the
 * OpenTelemetry operator passes through the downward API. Cheap by design (no DNS lookup on Linux, no JMX, a
 * few small {@code /proc} files): measured in the README. Each attribute can be left out by name
 * ({@code TRACER_RESOURCE_DISABLED_KEYS}); what the user sets in {@code TRACER_RESOURCE_ATTRIBUTES} wins.
 */
final class ResourceDetection {
  static final String REDACTED = "REDACTED";
  /** A {@code -Dname=value} or {@code --name=value} argument whose name holds one of these has its value hidden. */
  private static final List<String> SECRET_WORDS = Arrays.asList("password", "passwd", "pwd", "secret", "token",
      "credential", "apikey", "api-key", "api_key", "accesskey", "access-key", "access_key", "privatekey",
      "private-key", "private_key");
  /** A container id: 64 hex digits, in a cgroup path ({@code /docker/<id>}, {@code docker-<id>.scope}...). */
  private static final Pattern CONTAINER_ID = Pattern.compile("(?:^|[/\\-:])([0-9a-f]{64})(?:\\.scope)?(?:/|$)");
  /** The operator's downward-API variables ({@code fieldRef}) and the attribute each carries. */
  private static final String[][] K8S_VARIABLES = {
      {"OTEL_RESOURCE_ATTRIBUTES_POD_NAME", "k8s.pod.name"},
      {"OTEL_RESOURCE_ATTRIBUTES_POD_UID", "k8s.pod.uid"},
      {"OTEL_RESOURCE_ATTRIBUTES_NODE_NAME", "k8s.node.name"},
  };
  private static final String K8S_NAMESPACE_FILE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

  private ResourceDetection() {}

  /** Everything detected here, minus {@code disabled} keys; never throws (a detector that fails adds nothing). */
  static Map<String, Object> detect(Map<String, String> env, Collection<String> disabled) {
    Detected attributes = new Detected(disabled);
    put(attributes, "host.name", ResourceDetection::hostName);
    put(attributes, "host.arch", () -> hostArch(System.getProperty("os.arch")));
    put(attributes, "os.type", () -> osType(System.getProperty("os.name")));
    put(attributes, "os.description", () -> String.join(" ", System.getProperty("os.name"), System.getProperty("os.version")));
    ProcessHandle self = ProcessHandle.current();
    put(attributes, "process.pid", self::pid);
    put(attributes, "process.executable.path", ResourceDetection::executable);
    put(attributes, "process.command_args", () -> commandArgs(self.info().arguments(), System.getProperty("sun.java.command")));
    put(attributes, "process.runtime.name", () -> System.getProperty("java.runtime.name"));
    put(attributes, "process.runtime.version", () -> System.getProperty("java.runtime.version"));
    put(attributes, "process.runtime.description", () -> String.join(" ", System.getProperty("java.vm.vendor"),
        System.getProperty("java.vm.name"), System.getProperty("java.vm.version")));
    put(attributes, "service.instance.id", ResourceDetection::instanceId);
    put(attributes, "container.id", () -> containerId("/proc/self/cgroup", "/proc/self/mountinfo"));
    for (String[] variable : K8S_VARIABLES) {
      put(attributes, variable[1], () -> nonEmpty(env.get(variable[0])));
    }
    if (env.containsKey("KUBERNETES_SERVICE_HOST")) {
      put(attributes, "k8s.namespace.name", () -> firstLine(K8S_NAMESPACE_FILE));
    }
    return attributes.values;
  }

  private static void put(Detected attributes, String key, Supplier<Object> detector) {
    attributes.put(key, detector);
  }

  /** What was detected; a disabled key's detector is not even run. */
  private static final class Detected {
    final Map<String, Object> values = new LinkedHashMap<>();
    private final Collection<String> disabled;

    Detected(Collection<String> disabled) {
      this.disabled = disabled;
    }

    /** A detector's value, or nothing when it has none or fails. */
    void put(String key, Supplier<Object> detector) {
      if (disabled.contains(key)) {
        return;
      }
      try {
        Object value = detector.get();
        if (value != null) {
          values.put(key, value);
        }
      } catch (RuntimeException | Error e) {
        // not detectable here: left out
      }
    }
  }

  /** The kernel's host name (what {@code hostname} prints) without a DNS lookup; elsewhere the JDK's. */
  private static Object hostName() {
    String name = firstLine("/proc/sys/kernel/hostname");
    if (name != null) {
      return name;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code os.arch} as the semantic conventions name it. */
  static String hostArch(String arch) {
    if (arch == null) {
      return null;
    }
    switch (arch.toLowerCase(Locale.ROOT)) {
      case "amd64":
      case "x86_64":
        return "amd64";
      case "x86":
      case "i386":
      case "i486":
      case "i586":
      case "i686":
        return "x86";
      case "aarch64":
      case "arm64":
        return "arm64";
      case "arm":
      case "arm32":
        return "arm32";
      case "ppc64":
      case "ppc64le":
        return "ppc64";
      case "ppc":
      case "ppc32":
        return "ppc32";
      case "s390x":
        return "s390x";
      default:
        return arch;
    }
  }

  /** {@code os.name} as the semantic conventions name it. */
  static String osType(String name) {
    if (name == null) {
      return null;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String[][] types = {{"windows", "windows"}, {"linux", "linux"}, {"mac", "darwin"}, {"freebsd", "freebsd"},
        {"netbsd", "netbsd"}, {"openbsd", "openbsd"}, {"dragonfly", "dragonflybsd"}, {"hp-ux", "hpux"},
        {"aix", "aix"}, {"solaris", "solaris"}, {"sunos", "solaris"}, {"z/os", "z_os"}};
    for (String[] type : types) {
      if (lower.startsWith(type[0])) {
        return type[1];
      }
    }
    return lower;
  }

  private static String executable() {
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return String.join(File.separator, System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
  }

  /**
   * A random (version 4) UUID. Not {@link UUID#randomUUID()}: its {@code SecureRandom} loads and seeds the
   * security providers, 10 to 100 ms of a cold JVM, for an id that identifies and protects nothing.
   */
  static String instanceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(most, least).toString();
  }

  /**
   * The executable and every argument of the command line (JVM options included), each secret-looking
   * {@code -Dname=value} / {@code --name=value} value REDACTED. Without the OS's argument list, the main class or
   * jar and the program's arguments ({@code sun.java.command}).
   */
  static List<String> commandArgs(Optional<String[]> arguments, String javaCommand) {
    List<String> args = new ArrayList<>();
    args.add(executable());
    if (arguments.isPresent()) {
      args.addAll(Arrays.asList(arguments.get()));
    } else if (javaCommand != null && !javaCommand.trim().isEmpty()) {
      args.addAll(Arrays.asList(javaCommand.trim().split("\\s+")));
    }
    List<String> redacted = new ArrayList<>(args.size());
    for (String arg : args) {
      redacted.add(redact(arg));
    }
    return Collections.unmodifiableList(redacted);
  }

  static String redact(String arg) {
    int eq = arg.indexOf('=');
    if (eq <= 0 || !arg.startsWith("-")) {
      return arg;
    }
    String name = arg.substring(0, eq).toLowerCase(Locale.ROOT);
    for (String word : SECRET_WORDS) {
      if (name.contains(word)) {
        return arg.substring(0, eq + 1) + REDACTED;
      }
    }
    return arg;
  }

  /**
   * The container's id from cgroup v1 ({@code /proc/self/cgroup}: {@code .../docker/<id>}, {@code
   * docker-<id>.scope}, {@code cri-containerd-<id>.scope}...), else cgroup v2 (the container's own files mounted
   * from {@code .../containers/<id>/...} in {@code /proc/self/mountinfo}); null outside a container.
   */
  static String containerId(String cgroup, String mountinfo) {
    for (String line : lines(cgroup)) {
      Matcher found = CONTAINER_ID.matcher(line.substring(line.lastIndexOf(':') + 1));
      String id = null;
      while (found.find()) {
        id = found.group(1); // the innermost (last) segment is the container's own
      }
      if (id != null) {
        return id;
      }
    }
    for (String line : lines(mountinfo)) {
      if (!line.contains("/hostname") && !line.contains("/resolv.conf")) {
        continue; // the container runtime mounts these two from the container's own folder
      }
      String[] parts = line.split("/");
      for (int i = 1; i < parts.length; i++) {
        if (parts[i].matches("[0-9a-f]{64}") && parts[i - 1].endsWith("containers")) {
          return parts[i];
        }
      }
    }
    return null;
  }

  /** With java.io, which the JVM has loaded already (NIO's file system classes cost a few ms cold). */
  private static List<String> lines(String file) {
    try (FileInputStream in = new FileInputStream(file)) {
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    } catch (IOException | RuntimeException e) {
      return Collections.emptyList();
    }
  }

  private static String firstLine(String file) {
    List<String> lines = lines(file);
    return lines.isEmpty() ? null : nonEmpty(lines.get(0).trim());
  }

  private static String nonEmpty(String value) {
    return value == null || value.trim().isEmpty() ? null : value.trim();
  }
}
