package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #21, 8: a TRACER_EXTENSIONS folder without jars (a wrong path, a forgotten copy) is not silent. */
class ExtensionsFolderTest {
  @Test
  void folderWithoutJarsGetsALine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("README.txt"), "not a jar");
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(Extensions.jars(List.of(dir.toString()))).isEmpty();
    } finally {
      System.setErr(originalErr);
    }
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
        .startsWith("[tracer] WARN extension folder " + dir).contains("TRACER_EXTENSIONS").contains("no .jar");
  }
}
