package dev.tracer.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The attach command's settings, handed to the agent in the target JVM: written to a file of the user's (the
 * agent's argument names it), since the Attach API limits an argument's length. Apart from {@link Attach}, so
 * that the target, which has no {@code jdk.attach} in view, can read them.
 */
final class AttachSettings {
  private static final String ARGUMENT = "settings=";

  private AttachSettings() {}

  /** This command's settings for the agent: its TRACER_/OTEL_ variables and tracer./otel. properties. */
  static Map<String, String> ofThisCommand() {
    Map<String, String> given = new LinkedHashMap<>();
    System.getenv().forEach((name, value) -> {
      if (isVariable(name)) {
        given.put(name, value);
      }
    });
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("tracer.") || name.startsWith("otel.")) {
        given.put(name, System.getProperty(name));
      }
    }
    return given;
  }

  /** Writes {@code settings} to {@code file}; returns the agent's argument that names it. */
  static String handOver(Map<String, String> settings, Path file) throws IOException {
    Properties properties = new Properties();
    properties.putAll(settings);
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "java -jar tracer.jar attach");
    }
    return ARGUMENT + file.toAbsolutePath();
  }

  /** In the target: the handed-over variables ({@code variables} true) or properties; none without an argument. */
  static Map<String, String> received(String agentArgument, boolean variables) throws IOException {
    Map<String, String> received = new LinkedHashMap<>();
    if (agentArgument == null || !agentArgument.startsWith(ARGUMENT)) {
      return received;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Paths.get(agentArgument.substring(ARGUMENT.length())))) {
      properties.load(in);
    }
    for (String name : properties.stringPropertyNames()) {
      if (variables == isVariable(name)) {
        received.put(name, properties.getProperty(name));
      }
    }
    return received;
  }

  private static boolean isVariable(String name) {
    return name.startsWith("TRACER_") || name.startsWith("OTEL_");
  }
}
