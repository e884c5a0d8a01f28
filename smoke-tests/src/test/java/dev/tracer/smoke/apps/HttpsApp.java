package dev.tracer.smoke.apps;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.HttpsURLConnection;

/**
 * An application with TLS of its own: it calls {@code args[0]} over HTTPS with the JVM's default context, i.e. the
 * trust store it was started with ({@code -Djavax.net.ssl.trustStore}), and prints {@code https <status> <body>};
 * then, with {@code wait}, stays up until it is stopped (so export does not race the exit on a slow machine).
 */
public final class HttpsApp {
  public static void main(String[] args) throws Exception {
    HttpsURLConnection connection = (HttpsURLConnection) new URL(args[0]).openConnection();
    try (InputStream body = connection.getInputStream()) {
      System.out.println("https " + connection.getResponseCode() + " " + new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }
    System.out.flush();
    if (args.length > 1 && args[1].equals("wait")) {
      Thread.sleep(600_000);
    }
  }
}
