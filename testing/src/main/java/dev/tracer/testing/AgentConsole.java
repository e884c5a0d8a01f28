package dev.tracer.testing;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the agent printed on standard error ({@code [tracer] ...} lines), for tests that assert on the agent's
 * own messages, e.g. the one "not supported" line for a library version below an instrumentation's range.
 * Call {@link #record()} before {@link AgentTesting#install}: lines are kept from then on, and still written.
 */
public final class AgentConsole {
  private static final List<String> LINES = new ArrayList<>();
  private static boolean recording;

  private AgentConsole() {}

  public static synchronized void record() {
    if (recording) {
      return;
    }
    recording = true;
    PrintStream original = System.err;
    System.setErr(new PrintStream(new OutputStream() {
      private final StringBuilder line = new StringBuilder();

      @Override
      public void write(int b) {
        original.write(b);
        if (b == '\n') {
          keep(line.toString());
          line.setLength(0);
        } else if (b != '\r') {
          line.append((char) b);
        }
      }

      @Override
      public void write(byte[] bytes, int off, int len) {
        for (String part : new String(bytes, off, len, StandardCharsets.UTF_8).split("(?<=\n)", -1)) {
          original.print(part);
          if (part.endsWith("\n")) {
            line.append(part, 0, part.length() - 1);
            keep(line.toString());
            line.setLength(0);
          } else {
            line.append(part);
          }
        }
      }
    }, true, StandardCharsets.UTF_8));
  }

  private static synchronized void keep(String line) {
    if (line.startsWith("[tracer]")) {
      LINES.add(line);
    }
  }

  /** The agent's lines so far that contain {@code text}. */
  public static synchronized List<String> linesWith(String text) {
    return LINES.stream().filter(line -> line.contains(text)).collect(Collectors.toList());
  }

  /** The agent's "not supported" lines so far for the instrumentation {@code name}. */
  public static List<String> notSupported(String name) {
    return linesWith("instrumentation " + name + " skipped").stream()
        .filter(line -> line.contains("not supported")).collect(Collectors.toList());
  }
}
