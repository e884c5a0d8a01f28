package dev.tracer.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which class loaders a module's matchers run in: only those that see its library. */
class LibraryPresenceTest {
  @Test
  void aLibraryOnTheClassPathIsPresentThereButNotInTheBootLoader() {
    Installer.LibraryPresence junit = new Installer.LibraryPresence(List.of("org.junit.jupiter.api.Test"));

    assertThat(junit.in(getClass().getClassLoader())).isTrue();
    assertThat(junit.in(null)).isFalse();
  }

  @Test
  void aJdkModuleIsPresentInTheBootLoaderOnlyWhenTheBootLoaderDefinesIt() {
    // java.sql belongs to the platform loader: no boot class can be a JDBC statement
    assertThat(new Installer.LibraryPresence(List.of("java.sql.Statement")).in(null)).isFalse();
    assertThat(new Installer.LibraryPresence(List.of("java.sql.Statement")).in(getClass().getClassLoader())).isTrue();
    assertThat(new Installer.LibraryPresence(List.of("java.util.concurrent.ThreadPoolExecutor")).in(null)).isTrue();
  }

  @Test
  void aLoaderThatSeesNoneOfTheClassesHasNoLibrary() {
    Installer.LibraryPresence absent = new Installer.LibraryPresence(List.of("com.example.NotThere", "org.example.Missing"));

    assertThat(absent.in(getClass().getClassLoader())).isFalse();
    assertThat(absent.in(null)).isFalse();
    assertThat(new Installer.LibraryPresence(List.of()).in(null)).isTrue();
  }
}
