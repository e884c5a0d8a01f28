package dev.tracer.instrumentation.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tracer.testing.AgentConsole;
import dev.tracer.testing.AgentTesting;
import dev.tracer.testing.TestedVersions;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * kafka-clients 2.7, below the range (2.8.0 brought {@code org.apache.kafka.common.Uuid}): one "not supported"
 * line, no spans, no trace headers added, and the application's send and poll work as without the agent. The
 * in-process broker needs its own kafka-clients (3.8) on the test class path, so the application, as in an
 * application server, has its own class loader with kafka-clients 2.7 that the test class path's cannot be seen
 * through. Run by the execution {@code below} only.
 */
class KafkaBelowRangeTest {
  static final String APP = "dev.tracer.instrumentation.kafka.KafkaBelowApp";

  @Test
  void staysOutOfTheWay() throws Exception {
    AgentConsole.record();
    AgentTesting.install();
    EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "below");
    broker.afterPropertiesSet();
    File jar = new File(System.getProperty("kafka.below.jar"));
    URL classes = KafkaBelowRangeTest.class.getProtectionDomain().getCodeSource().getLocation();
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader application = new OwnKafka(new URL[] {jar.toURI().toURL(), classes})) {
      // as an application server does: kafka-clients finds the configured serializers through it
      Thread.currentThread().setContextClassLoader(application);
      TestedVersions.assertLoaded(application.loadClass("org.apache.kafka.clients.producer.KafkaProducer"));
      Object read = application.loadClass(APP).getMethod("roundTrip", String.class, String.class, String.class)
          .invoke(null, broker.getBrokersAsString(), "below", "order 7");
      assertThat(read).isEqualTo("order 7|true|[]");
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
      broker.destroy();
    }

    assertThat(AgentConsole.notSupported("kafka")).hasSize(1);
    assertThat(AgentTesting.exported()).isEmpty();
  }

  /** Kafka classes and resources, and the application class, from its own URLs only; the rest from the parent. */
  static final class OwnKafka extends URLClassLoader {
    OwnKafka(URL[] urls) {
      super(urls, KafkaBelowRangeTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("org.apache.kafka.") && !name.equals(APP)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> type = findLoadedClass(name);
        if (type == null) {
          type = findClass(name);
        }
        if (resolve) {
          resolveClass(type);
        }
        return type;
      }
    }

    @Override
    public URL getResource(String name) {
      return name.startsWith("org/apache/kafka/") || name.startsWith("kafka/") ? findResource(name) : super.getResource(name);
    }
  }
}
