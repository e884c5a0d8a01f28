package dev.tracer.smoke;

import dev.tracer.testing.AgentProcess;
import java.util.Map;

/** {@link ExportApp} in its own JVM under tracer.jar ({@link AgentProcess}), and what the tests read from it. */
final class TracedJvm {
  final AgentProcess process;

  private TracedJvm(AgentProcess process) {
    this.process = process;
  }

  static TracedJvm start(Map<String, String> env, String... args) throws Exception {
    AgentProcess.Builder builder = AgentProcess.builder(ExportApp.class).classpath(AgentProcess.appClasspath("h2-")).args(args);
    env.forEach(builder::env);
    return new TracedJvm(builder.start());
  }

  /** Waits for the JVM to end (fails the test when it does not within {@code seconds}). */
  boolean waitFor(int seconds) throws Exception {
    process.awaitExit(seconds);
    return true;
  }

  boolean awaitStdout(String text, int seconds) throws Exception {
    process.awaitOutput(text, seconds);
    return true;
  }

  long pid() {
    return process.process().pid();
  }

  String stderr() {
    return process.stderr();
  }

  /** What the application printed as {@code ended N}: the spans it ended. */
  int ended() {
    return process.stdout().lines().filter(l -> l.startsWith("ended ")).mapToInt(l -> Integer.parseInt(l.substring(6)))
        .findFirst().orElse(-1);
  }

  /** The agent's summary line at shutdown. */
  String summary() {
    return process.stderr().lines().filter(l -> l.startsWith("[tracer] spans: ")).findFirst().orElse(null);
  }
}
