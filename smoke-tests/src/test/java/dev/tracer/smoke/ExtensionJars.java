package dev.tracer.smoke;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Extension jars made of test classes: the classes (with their nested ones) and the service files given. */
final class ExtensionJars {
  private ExtensionJars() {}

  static Path jar(Path file, Map<Class<?>, List<String>> services, Class<?>... classes) throws Exception {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
      for (Class<?> type : classes) {
        Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        String name = type.getName().replace('.', '/');
        String simple = name.substring(name.lastIndexOf('/') + 1);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(root.resolve(name).getParent(), simple + "{.class,$*.class}")) {
          for (Path compiled : files) {
            jar.putNextEntry(new JarEntry(root.relativize(compiled).toString().replace('\\', '/')));
            jar.write(Files.readAllBytes(compiled));
          }
        }
      }
      for (Map.Entry<Class<?>, List<String>> service : services.entrySet()) {
        jar.putNextEntry(new JarEntry("META-INF/services/" + service.getKey().getName()));
        jar.write((String.join("\n", service.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return file;
  }
}
