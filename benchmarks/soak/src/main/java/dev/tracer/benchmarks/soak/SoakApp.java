package dev.tracer.benchmarks.soak;

import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's application, run under tracer.jar: {@code threads} threads of mixed JDBC (H2) and HTTP calls (to a
 * server of its own) for {@code seconds}; every call is one span. Prints {@code stats} lines (heap after GC, RSS)
 * every {@code reportSeconds}, then {@code ended N} and {@code done}, and returns from main.
 */
public final class SoakApp {
  public static void main(String[] args) throws Exception {
    int seconds = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    int reportSeconds = Integer.parseInt(args[2]);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", exchange -> {
      byte[] body = "ok".getBytes();
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/item";
    try (Connection setup = DriverManager.getConnection("jdbc:h2:mem:soak;DB_CLOSE_DELAY=-1", "sa", "");
        Statement statement = setup.createStatement()) {
      statement.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(64))");
    }
    AtomicLong calls = new AtomicLong(1); // the CREATE
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread worker = new Thread(() -> {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:soak", "sa", "");
            PreparedStatement upsert = connection.prepareStatement("MERGE INTO items KEY (id) VALUES (?, ?)");
            PreparedStatement select = connection.prepareStatement("SELECT name FROM items WHERE id = ?")) {
          for (long i = 0; System.nanoTime() < end; i++) {
            int key = (int) (i % 1000) * 16 + id;
            upsert.setInt(1, key);
            upsert.setString(2, "item-" + i);
            upsert.executeUpdate();
            select.setInt(1, key);
            select.executeQuery().close();
            HttpURLConnection http = (HttpURLConnection) new URL(url + "?n=" + i).openConnection();
            try (InputStream in = http.getInputStream()) {
              in.readAllBytes();
            }
            calls.addAndGet(3);
            Thread.sleep(2); // a steady load, not a benchmark
          }
        } catch (Exception e) {
          e.printStackTrace();
        }
      }, "soak-" + t);
      workers.add(worker);
      worker.start();
    }
    long started = System.nanoTime();
    while (workers.stream().anyMatch(Thread::isAlive)) {
      Thread.sleep(reportSeconds * 1000L);
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.println("stats t=" + (System.nanoTime() - started) / 1_000_000_000L + "s calls=" + calls.get()
          + " heapAfterGcMB=" + heap / (1024 * 1024) + " rssMB=" + rssMb());
      System.out.flush();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    server.stop(0);
    System.out.println("ended " + calls.get());
    System.out.println("done");
    System.out.flush();
  }

  private static long rssMb() {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}
