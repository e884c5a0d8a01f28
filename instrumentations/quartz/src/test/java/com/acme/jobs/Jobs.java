package com.acme.jobs;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The application's side: its database and an in-memory Quartz scheduler (RAMJobStore, one worker thread). The job
 * classes live outside the agent's own packages, which it never instruments.
 */
public final class Jobs {
  static final String URL = "jdbc:h2:mem:quartz_jobs;DB_CLOSE_DELAY=-1";

  private Jobs() {}

  public static Scheduler scheduler() throws SchedulerException {
    sql("CREATE TABLE IF NOT EXISTS quartz_reports (id INT)");
    Properties properties = new Properties();
    properties.setProperty("org.quartz.scheduler.instanceName", "tracer-quartz-test");
    properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    properties.setProperty("org.quartz.threadPool.threadCount", "1");
    properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    return new StdSchedulerFactory(properties).getScheduler();
  }

  static void sql(String statement) {
    try (Connection connection = DriverManager.getConnection(URL); Statement s = connection.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
