package dev.tracer.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every class of bootstrap is visible to every class of the JVM: none but the event types (the contract between
 * instrumentations and handlers, whose comments give libraries as examples) may name a library, in its code or
 * its comments. Library code belongs in the library's instrumentation module, as helper classes.
 */
class BootstrapIsLibraryNeutralTest {
  /** Libraries, their packages and their servers, as words (a word may start with one: "Kafka's", "okhttp3"). */
  static final Pattern LIBRARY = Pattern.compile("(?i)(?<![a-z])(jdbc|kafka|jedis|redis|lettuce|servlet|okhttp"
      + "|grpc|aws|sqs|sns|dynamodb|rabbit|amqp|jms|artemis|activemq|reactor|netty|spring|webflux|tomcat|jetty"
      + "|undertow|hikari|logback|log4j|slf4j|apache|mongo|mysql|postgres|mariadb|jersey|jax-?rs|hibernate"
      + "|elastic|cassandra|httpurlconnection)");

  static final Path SOURCES = Paths.get("src/main/java/dev/tracer/bootstrap");

  @Test
  void noClassButAnEventNamesALibrary() throws Exception {
    List<String> found = new ArrayList<>();
    for (Path source : sources()) {
      String name = source.getFileName().toString().replace(".java", "");
      if (SpanEvent.class.isAssignableFrom(Class.forName("dev.tracer.bootstrap." + name))) {
        continue;
      }
      List<String> lines = Files.readAllLines(source);
      for (int i = 0; i < lines.size(); i++) {
        Matcher library = LIBRARY.matcher(lines.get(i));
        if (library.find()) {
          found.add(name + ".java:" + (i + 1) + " names " + library.group());
        }
      }
    }
    assertThat(found).as("library names in bootstrap classes").isEmpty();
  }

  @Test
  void theCheckSeesLibraryNames() throws Exception {
    assertThat(sources()).hasSizeGreaterThan(10);
    assertThat(LIBRARY.matcher("the SQL of a prepared statement, the URL of a connection").find()).isFalse();
    assertThat(LIBRARY.matcher(" * callback of a Kafka send").find()).isTrue();
    assertThat(LIBRARY.matcher("import okhttp3.Callback;").find()).isTrue();
    assertThat(LIBRARY.matcher("  /** servlet AsyncListener */").find()).isTrue();
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
  }
}
