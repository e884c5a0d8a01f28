package dev.tracer.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** An agent thread started on an application's thread takes neither its context class loader nor its thread locals. */
class InternalThreadTest {
  static final InheritableThreadLocal<Object> APPLICATION_STATE = new InheritableThreadLocal<>();

  @Test
  void carriesNothingOfTheApplicationThreadThatStartedIt() throws Exception {
    URLClassLoader webapp = new URLClassLoader(new URL[0], null);
    AtomicReference<InternalThread> started = new AtomicReference<>();
    AtomicReference<Object> seen = new AtomicReference<>("unset");
    Thread application = new Thread(() -> {
      APPLICATION_STATE.set(webapp);
      InternalThread agent = new InternalThread(() -> seen.set(APPLICATION_STATE.get()), "tracer-test");
      started.set(agent);
      agent.start();
    });
    application.setContextClassLoader(webapp);
    application.start();
    application.join();
    started.get().join();

    assertThat(started.get().getContextClassLoader()).isSameAs(ClassLoader.getSystemClassLoader());
    assertThat(seen.get()).as("inherited thread local").isNull();
    assertThat(started.get().isDaemon()).isTrue();
  }
}
