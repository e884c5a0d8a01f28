package dev.tracer.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the extension API exposes is what every extension compiles against: only the bootstrap, Byte Buddy's
 * matchers/descriptions/Advice, the OpenTelemetry API and the public SDK types of exporters and samplers.
 */
class ExtensionApiReferencesTest {
  private static final List<String> ALLOWED = List.of("java/", "dev/tracer/api/", "dev/tracer/bootstrap/",
      "net/bytebuddy/matcher/", "net/bytebuddy/description/", "io/opentelemetry/api/", "io/opentelemetry/context/",
      "io/opentelemetry/sdk/trace/export/SpanExporter", "io/opentelemetry/sdk/trace/samplers/Sampler");
  private static final Pattern DESCRIPTOR_TYPE = Pattern.compile("L([\\w/$]+)[;<]");

  @Test
  void referencesOnlyWhatAnExtensionMaySee() throws Exception {
    Path classes = Path.of(AgentLog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Set<String> referenced = new TreeSet<>();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(classes)) {
      walk.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(8);
    for (Path file : files) {
      try (InputStream in = Files.newInputStream(file)) {
        referenced.addAll(referencedTypes(in));
      }
    }
    assertThat(referenced).contains("io/opentelemetry/sdk/trace/export/SpanExporter", "net/bytebuddy/matcher/ElementMatcher");
    assertThat(referenced).allSatisfy(type -> assertThat(ALLOWED).as(type).anyMatch(type::startsWith));
    assertThat(referenced).noneMatch(type -> type.contains("/internal/"));
  }

  /** Class constants and every type named in a descriptor or signature of one class file. */
  static Set<String> referencedTypes(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    in.readInt(); // magic
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classNames = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1: utf8[i] = in.readUTF(); break;
        case 7: classNames.add(in.readUnsignedShort()); break;
        case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
        case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
        case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
        case 5: case 6: in.readLong(); i++; break;
        default: throw new IOException("unknown constant tag " + tag);
      }
    }
    Set<String> types = new TreeSet<>();
    for (int index : classNames) {
      String name = utf8[index];
      types.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
    }
    for (String text : utf8) {
      if (text != null && (text.startsWith("(") || text.startsWith("L") || text.startsWith("<"))) {
        Matcher m = DESCRIPTOR_TYPE.matcher(text);
        while (m.find()) {
          types.add(m.group(1));
        }
      }
    }
    types.removeIf(t -> t.length() == 1); // primitive array element types
    return types;
  }
}
