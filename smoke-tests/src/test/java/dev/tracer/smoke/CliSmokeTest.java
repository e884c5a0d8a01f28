package dev.tracer.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentProcess;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar tracer.jar} is a small command-line tool. */
class CliSmokeTest {
  private static String[] run(String... args) throws Exception {
    String[] command = new String[args.length + 3];
    command[0] = System.getProperty("java.home") + "/bin/java";
    command[1] = "-jar";
    command[2] = AgentProcess.tracerJar().toString();
    System.arraycopy(args, 0, command, 3, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String[] {String.valueOf(process.exitValue()), output};
  }

  @Test
  void helpAndVersion() throws Exception {
    String[] help = run("--help");
    assertThat(help[0]).isEqualTo("0");
    assertThat(help[1]).contains("-javaagent:").contains("TRACER_");
    String[] version = run("--version");
    assertThat(version[0]).isEqualTo("0");
    assertThat(version[1]).startsWith("tracer ");
    String[] unknown = run("--frobnicate");
    assertThat(unknown[0]).isEqualTo("2");
    assertThat(unknown[1].trim().lines()).hasSize(1);
  }
}
