package dev.tracer.viewer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar tracer.jar view [--port 16686] [--otlp-port 4318] [--max-spans 100000] [--host 127.0.0.1]}: receives
 * OTLP/HTTP from any number of JVMs (or any OpenTelemetry SDK) and shows the traces on a web page. Everything stays
 * in memory, bounded; nothing is written to disk. Called by the agent's command line ({@code Cli}) reflectively,
 * so that neither this class nor its libraries are loaded unless this command runs.
 */
public final class Viewer {
  static final int DEFAULT_PORT = 16686;
  static final int DEFAULT_OTLP_PORT = 4318;
  static final int DEFAULT_MAX_SPANS = 100_000;
  static final String DEFAULT_HOST = "127.0.0.1";

  private Viewer() {}

  /** Options as given on the command line. */
  static final class Options {
    int port = DEFAULT_PORT;
    int otlpPort = DEFAULT_OTLP_PORT;
    int maxSpans = DEFAULT_MAX_SPANS;
    String host = DEFAULT_HOST;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value;
        int eq = arg.indexOf('=');
        if (eq > 0) {
          value = arg.substring(eq + 1);
          arg = arg.substring(0, eq);
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        switch (arg) {
          case "--port":
            options.port = number(arg, value, 0, 65535);
            break;
          case "--otlp-port":
            options.otlpPort = number(arg, value, 0, 65535);
            break;
          case "--max-spans":
            options.maxSpans = number(arg, value, 1, 50_000_000);
            break;
          case "--host":
            options.host = value;
            break;
          default:
            throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (options.port != 0 && options.port == options.otlpPort) {
        throw new IllegalArgumentException("--port and --otlp-port are both " + options.port);
      }
      return options;
    }

    private static int number(String option, String value, int min, int max) {
      try {
        int number = Integer.parseInt(value.replace("_", "").trim());
        if (number >= min && number <= max) {
          return number;
        }
      } catch (NumberFormatException ignored) {
        // below
      }
      throw new IllegalArgumentException(option + " " + value + ": not a number from " + min + " to " + max);
    }
  }

  static final String USAGE = "usage: java -jar tracer.jar view [--port 16686] [--otlp-port 4318] [--max-spans 100000]"
      + " [--host 127.0.0.1]";

  /** Runs until the JVM is stopped; returns only when the options are wrong (2) or a port cannot be bound (1). */
  public static int run(String[] args) throws InterruptedException {
    PrintStream out = System.out;
    PrintStream err = System.err;
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("tracer view: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    ViewerServer server;
    try {
      server = start(options, err);
    } catch (IOException e) {
      err.println("tracer view: cannot listen on " + options.host + " (ports " + options.port + ", " + options.otlpPort
          + "): " + OtlpDecoding.oneLine(e) + "; another viewer or collector running? choose --port / --otlp-port");
      return 1;
    }
    String shown = options.host.contains(":") ? "[" + options.host + "]" : options.host;
    out.println("[tracer view] traces page:   http://" + shown + ":" + server.uiPort() + "/");
    out.println("[tracer view] OTLP/HTTP:     http://" + shown + ":" + server.otlpPort()
        + " (POST /v1/traces, /v1/metrics; protobuf or JSON)");
    out.println("[tracer view] send to it:    TRACER_EXPORTER=" + (server.otlpPort() == DEFAULT_OTLP_PORT
        ? "view" : "otlp TRACER_OTLP_ENDPOINT=http://localhost:" + server.otlpPort())
        + " java -javaagent:tracer.jar -jar app.jar");
    out.println("[tracer view] keeping at most " + options.maxSpans + " spans and "
        + (maxBytes() >> 20) + " MiB of span data in memory; the oldest traces go first");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "tracer-view-stop"));
    stopped.await();
    return 0;
  }

  static ViewerServer start(Options options, PrintStream log) throws IOException {
    String warning = exposureWarning(options);
    if (warning != null) {
      log.println(warning);
    }
    TraceStore store = new TraceStore(options.maxSpans, maxBytes());
    return new ViewerServer(store, options.host, options.port, options.otlpPort, log);
  }

  /** The loud line for a --host that is not loopback; null for loopback. */
  static String exposureWarning(Options options) throws IOException {
    if (InetAddress.getByName(options.host).isLoopbackAddress()) {
      return null;
    }
    return "[tracer view] WARNING: listening on " + options.host + ", not loopback: ANYONE WHO CAN REACH ports "
        + options.port + " and " + options.otlpPort + " CAN READ EVERY TRACE SENT HERE (URLs, SQL, headers) and send"
        + " spans of their own. Use --host 127.0.0.1 unless this network is yours alone.";
  }

  /** Half the heap for span data: the rest serves requests and decoding (a 16 MiB body decodes to a few times that). */
  static long maxBytes() {
    return Runtime.getRuntime().maxMemory() / 2;
  }
}
