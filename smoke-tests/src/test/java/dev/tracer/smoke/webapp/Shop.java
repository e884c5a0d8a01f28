package dev.tracer.smoke.webapp;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * What the web application owns, made when it is deployed and released when it is undeployed, as a
 * well-behaved application does: its database, its executor, its HTTP client, its logging, its JDBC driver.
 */
public class Shop implements ServletContextListener {
  Connection connection;
  ExecutorService executor;
  HttpClient client;
  String peer;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    try {
      Class.forName("org.h2.Driver"); // registers this deployment's driver (DriverManager looks for drivers once per JVM)
      connection = DriverManager.getConnection("jdbc:h2:mem:shop");
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(20))");
        statement.execute("INSERT INTO item VALUES (1, 'book')");
      }
    } catch (SQLException | ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    executor = Executors.newFixedThreadPool(2);
    client = HttpClient.newBuilder().executor(executor).build();
    peer = System.getProperty("redeploy.peer");
    event.getServletContext().setAttribute(Shop.class.getName(), this);
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    event.getServletContext().removeAttribute(Shop.class.getName());
    try {
      connection.close(); // the last connection to the in-memory database drops it
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    client = null;
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Driver driver : Collections.list(DriverManager.getDrivers())) {
      if (driver.getClass().getClassLoader() == Shop.class.getClassLoader()) {
        try {
          DriverManager.deregisterDriver(driver);
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    try { // Logback's own context, as its servlet listener would (this class is compiled without Logback)
      Object logging = LoggerFactory.getILoggerFactory();
      logging.getClass().getMethod("stop").invoke(logging);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
