package dev.tracer.testing;

import java.net.InetSocketAddress;
import java.net.Socket;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The real servers tests talk to. With a Docker engine, Testcontainers starts them; without one (as on the
 * project's machines) the local services are used. A missing service fails the test, never skips it.
 */
public final class TestServices {
  private TestServices() {}

  /** How to reach a database. */
  public static final class Database {
    public final String url;
    public final String user;
    public final String password;
    public final String host;
    public final int port;

    Database(String url, String user, String password, String host, int port) {
      this.url = url;
      this.user = user;
      this.password = password;
      this.host = host;
      this.port = port;
    }
  }

  private static Database postgres;
  private static Database mariadb;

  public static synchronized Database postgres() {
    if (postgres == null) {
      if (dockerAvailable()) {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15").withDatabaseName("test");
        postgres = fromContainer(container);
      } else {
        requireListening("PostgreSQL", "127.0.0.1", 5432,
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start");
        postgres = new Database("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "", "127.0.0.1", 5432);
      }
    }
    return postgres;
  }

  public static synchronized Database mariadb() {
    if (mariadb == null) {
      if (dockerAvailable()) {
        MariaDBContainer<?> container = new MariaDBContainer<>("mariadb:10.11").withDatabaseName("test");
        mariadb = fromContainer(container);
      } else {
        requireListening("MariaDB", "127.0.0.1", 3306,
            "start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd");
        mariadb = new Database("jdbc:mariadb://127.0.0.1:3306/test", "root", "", "127.0.0.1", 3306);
      }
    }
    return mariadb;
  }

  /** Redis on loopback (Testcontainers has no module for it we rely on; the local server is the peer). */
  public static void requireRedis() {
    requireListening("Redis", "127.0.0.1", 6379,
        "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no");
  }

  /**
   * RabbitMQ on loopback (guest/guest, vhost {@code /}) as an AMQP URI; the local server is the peer. Fails, never
   * skips, when it is down.
   */
  public static String rabbitmq() {
    requireListening("RabbitMQ", "127.0.0.1", 5672, "rabbitmq-server -detached");
    return "amqp://guest:guest@127.0.0.1:5672/%2F";
  }

  private static Database fromContainer(JdbcDatabaseContainer<?> container) {
    container.start();
    return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
        container.getHost(), container.getFirstMappedPort());
  }

  private static boolean dockerAvailable() {
    if (Boolean.getBoolean("tracer.test.noDocker")) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  public static void requireListening(String service, String host, int port, String howToStart) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
    } catch (Exception e) {
      throw new AssertionError(service + " is not reachable on " + host + ":" + port + " and there is no Docker engine: "
          + "start it with: " + howToStart);
    }
  }
}
