package dev.tracer.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * Proves which library versions a test run used: the build passes {@code library.versions} (comma list) per
 * surefire execution, and each must be the version of the jar one of the given classes came from.
 */
public final class TestedVersions {
  private TestedVersions() {}

  public static void assertLoaded(Class<?>... libraryClasses) {
    String expected = System.getProperty("library.versions");
    assertThat(expected).as("system property library.versions").isNotBlank();
    List<String> jars = new ArrayList<>();
    for (Class<?> type : libraryClasses) {
      String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
      jars.add(path.substring(path.lastIndexOf('/') + 1));
    }
    for (String version : expected.split(",")) {
      assertThat(jars).as("jars of " + version).anyMatch(jar -> jar.endsWith("-" + version.trim() + ".jar"));
    }
  }
}
