package dev.tracer.smoke.apps;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import net.bytebuddy.ByteBuddy;
import org.jctools.queues.MpscArrayQueue;

/**
 * An application that ships its own Byte Buddy, OpenTelemetry SDK and jctools (other versions than the agent's)
 * and uses them; it prints where each was loaded from, then does traced JDBC work.
 */
public final class IsolationApp {
  public static void main(String[] args) throws Exception {
    Class<?> generated = new ByteBuddy().subclass(Object.class).name("app.Generated").make()
        .load(IsolationApp.class.getClassLoader()).getLoaded();
    System.out.println("bytebuddy " + jar(ByteBuddy.class) + " made " + generated.getName());

    SdkTracerProvider provider = SdkTracerProvider.builder().build();
    Span span = provider.get("app").spanBuilder("app-span").startSpan();
    span.end();
    provider.close();
    System.out.println("otel-sdk " + jar(SdkTracerProvider.class) + " span valid=" + span.getSpanContext().isValid());

    MpscArrayQueue<String> queue = new MpscArrayQueue<>(4);
    queue.offer("x");
    System.out.println("jctools " + jar(MpscArrayQueue.class) + " polled " + queue.poll());

    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:iso", "sa", "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE iso (id INT)");
    }
    System.out.println("done");
  }

  private static String jar(Class<?> type) {
    String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
