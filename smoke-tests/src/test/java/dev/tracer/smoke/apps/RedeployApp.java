package dev.tracer.smoke.apps;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.management.ObjectName;

/**
 * An application server that deploys, uses and undeploys one web application (a folder with WEB-INF/classes and
 * WEB-INF/lib, in a class loader of its own) {@code rounds} times, then prints what stayed behind: the web
 * application class loaders still reachable after garbage collection, metaspace, threads and the sizes of the
 * agent's state stores (before the first deploy, while the first is deployed, after the first undeploy, after the
 * last). Args: {@code tomcat|jetty webappDir rounds requestsPerRound}; {@code -Dredeploy.hold=millis} keeps it
 * running at the end (while the test reads the spans exported, or for {@code jcmd <pid> GC.heap_dump}).
 */
public final class RedeployApp {
  /** The agent's state store sizes, published over JMX by the test's extension (RedeployStateExtension). */
  static final String STATE_MBEAN = "dev.tracer.test:type=AgentState";
  /** Helper classes of the modules whose library is inside the web application (H2, Logback). */
  static final String[] HELPERS = {"dev.tracer.instrumentation.jdbc.JdbcStatements",
      "dev.tracer.instrumentation.logback.LoggingEventIds"};

  /** One servlet container; the web application is at /shop. */
  interface Container {
    int start() throws Exception;

    /** Deploys the web application and returns its class loader. */
    ClassLoader deploy(File webapp) throws Exception;

    void undeploy() throws Exception;

    void stop() throws Exception;
  }

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Throwable t) { // the container's threads would keep the JVM alive
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] args) throws Exception {
    File webapp = new File(args[1]);
    int rounds = Integer.parseInt(args[2]);
    int requests = Integer.parseInt(args[3]);
    HttpServer peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    peer.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    peer.start();
    System.setProperty("redeploy.peer", "http://127.0.0.1:" + peer.getAddress().getPort() + "/stock");
    Container container = args[0].equals("tomcat") ? new Tomcats() : new Jetties();
    int port = container.start();
    // a client whose one thread stays: the default pool's threads come and go, which would blur the count below
    HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newSingleThreadExecutor()).build();

    // the agent's exporter is running (its threads are there) before anything is counted
    client.send(HttpRequest.newBuilder(URI.create(System.getProperty("redeploy.peer"))).build(), HttpResponse.BodyHandlers.ofString());
    boolean traced = ManagementFactory.getRuntimeMXBean().getInputArguments().stream().anyMatch(a -> a.startsWith("-javaagent:"));
    if (traced) {
      await(() -> Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("tracer-otlp-send")), 30);
    }
    String statesBefore = agentState();
    System.out.println("states before " + statesBefore);

    List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
    long metaspaceFirst = 0;
    long classSpaceFirst = 0;
    List<String> threadsFirst = List.of();
    for (int round = 1; round <= rounds; round++) {
      ClassLoader loader = container.deploy(webapp);
      loaders.add(new WeakReference<>(loader));
      for (int i = 0; i < requests; i++) {
        String response = get(port, "/shop/items");
        if (!response.startsWith("HTTP/1.1 200") || !response.endsWith("\r\n\r\nbook ok")) {
          throw new IllegalStateException("round " + round + ": " + response);
        }
      }
      for (String helper : traced ? HELPERS : new String[0]) {
        Class<?> injected = Class.forName(helper, false, loader);
        System.out.println("round " + round + " helper " + helper.substring(helper.lastIndexOf('.') + 1)
            + (injected.getClassLoader() == loader ? " in the webapp loader" : " elsewhere"));
      }
      if (round == 1) {
        System.out.println("states deployed " + agentState() + " webapp loader " + loader.getClass().getName());
      }
      loader = null;
      container.undeploy();
      if (System.getProperty("redeploy.trace") != null) {
        System.gc();
        System.out.println("round " + round + " metaspace " + metaspace() + " class space " + classSpace());
      }
      if (round == 1) {
        collect(loaders);
        metaspaceFirst = metaspace();
        classSpaceFirst = classSpace();
        threadsFirst = applicationThreads();
        System.out.println("states first " + agentState());
      }
    }
    collect(loaders);
    long alive = loaders.stream().filter(ref -> ref.get() != null).count();
    System.out.println("loaders alive " + alive + " of " + loaders.size());
    System.out.println("metaspace first " + metaspaceFirst + " last " + metaspace());
    System.out.println("class space first " + classSpaceFirst + " last " + classSpace());
    List<String> threadsLast = applicationThreads();
    System.out.println("threads first " + threadsFirst.size() + " last " + threadsLast.size());
    System.out.println("thread names first " + threadsFirst + " last " + threadsLast);
    System.out.println("states after " + agentState());
    // the test reads the exported spans while this JVM still runs, then ends it (the agent flushes at exit)
    System.out.println("holding");
    Thread.sleep(Long.getLong("redeploy.hold", 0));
    container.stop();
    peer.stop(0);
    System.exit(0);
  }

  /**
   * One request on a connection of its own, closed with the response: a kept-alive connection would hold the
   * container's request state, and with it the web application it last served, beyond the undeploy.
   */
  private static String get(int port, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Collects garbage until every web application loader is gone or 20 s have passed. */
  private static void collect(List<WeakReference<ClassLoader>> loaders) throws InterruptedException {
    await(() -> {
      System.gc();
      return loaders.stream().allMatch(ref -> ref.get() == null);
    }, 20);
    System.gc();
  }

  private static void await(BooleanSupplier done, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  /** The classes' own metadata (metaspace also holds the JIT's profiles and the like, which grow as the JVM runs). */
  private static long classSpace() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Compressed Class Space")) {
        return pool.getUsage().getUsed();
      }
    }
    return metaspace(); // no compressed class pointers: all of it
  }

  private static long metaspace() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().equals("Metaspace")) {
        return pool.getUsage().getUsed();
      }
    }
    throw new IllegalStateException("no Metaspace pool");
  }

  /** Live threads but the agent's own (its exporters start and stop theirs as they please), by name. */
  private static List<String> applicationThreads() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> !n.startsWith("tracer-")).sorted()
        .collect(java.util.stream.Collectors.toList());
  }

  private static String agentState() throws Exception {
    return agentState("Sizes") + " by loader " + agentState("Loaders");
  }

  private static String agentState(String attribute) throws Exception {
    ObjectName name = new ObjectName(STATE_MBEAN);
    if (!ManagementFactory.getPlatformMBeanServer().isRegistered(name)) {
      return "{}"; // no agent (a run to compare with)
    }
    return (String) ManagementFactory.getPlatformMBeanServer().getAttribute(name, attribute);
  }

  /** Embedded Tomcat (10.1 / 11): the web application in its own WebappClassLoader. */
  static final class Tomcats implements Container {
    private final org.apache.catalina.startup.Tomcat tomcat = new org.apache.catalina.startup.Tomcat();
    private org.apache.catalina.Context context;

    @Override
    public int start() throws Exception {
      File base = java.nio.file.Files.createTempDirectory("tomcat").toFile();
      tomcat.setBaseDir(base.getPath());
      File apps = new File(base, "webapps");
      apps.mkdirs();
      tomcat.getHost().setAppBase(apps.getPath());
      tomcat.setPort(0);
      tomcat.setAddDefaultWebXmlToWebapp(false);
      tomcat.getConnector();
      tomcat.start();
      return tomcat.getConnector().getLocalPort();
    }

    @Override
    public ClassLoader deploy(File webapp) {
      context = tomcat.addWebapp("/shop", webapp.getAbsolutePath());
      return context.getLoader().getClassLoader();
    }

    @Override
    public void undeploy() {
      tomcat.getHost().removeChild(context);
      context = null;
    }

    @Override
    public void stop() throws Exception {
      tomcat.stop();
      tomcat.destroy();
    }
  }

  /** Embedded Jetty 12 (ee10): the web application in its own WebAppClassLoader. */
  static final class Jetties implements Container {
    private final org.eclipse.jetty.server.Server server = new org.eclipse.jetty.server.Server(
        new InetSocketAddress("127.0.0.1", 0));
    private final org.eclipse.jetty.server.handler.ContextHandlerCollection contexts =
        new org.eclipse.jetty.server.handler.ContextHandlerCollection();
    private org.eclipse.jetty.ee10.webapp.WebAppContext context;

    @Override
    public int start() throws Exception {
      server.setHandler(contexts);
      server.start();
      return ((org.eclipse.jetty.server.NetworkConnector) server.getConnectors()[0]).getLocalPort();
    }

    @Override
    public ClassLoader deploy(File webapp) throws Exception {
      context = new org.eclipse.jetty.ee10.webapp.WebAppContext();
      context.setContextPath("/shop");
      context.setWar(webapp.getAbsolutePath());
      contexts.addHandler(context);
      context.start();
      return context.getClassLoader();
    }

    @Override
    public void undeploy() throws Exception {
      context.stop();
      contexts.removeHandler(context);
      context.destroy();
      context = null;
    }

    @Override
    public void stop() throws Exception {
      server.stop();
    }
  }
}
