package dev.tracer.instrumentation.spring.scheduling;

import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/**
 * A small application with scheduled work on real JDBC (H2): a {@code @Scheduled} job, one that fails, a task a
 * {@code SchedulingConfigurer} registers, and an {@code @Async} method, all on one scheduler thread on which a
 * request's context has leaked (the thread starts a span and never ends it).
 */
@Configuration
@EnableScheduling
@EnableAsync
public class SchedulingApplication implements SchedulingConfigurer {
  static final String URL = "jdbc:h2:mem:spring_scheduling;DB_CLOSE_DELAY=-1";

  static AnnotationConfigApplicationContext start() {
    sql("CREATE TABLE IF NOT EXISTS sched_reports (id INT)");
    return new AnnotationConfigApplicationContext(SchedulingApplication.class);
  }

  static void sql(String statement) {
    try (Connection connection = DriverManager.getConnection(URL); Statement s = connection.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One thread, whose context is a leaked request span: what a run must not join. */
  @Bean
  public ThreadPoolTaskScheduler taskScheduler() {
    ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    scheduler.setPoolSize(1);
    scheduler.setThreadFactory(task -> new Thread(() -> {
      Dispatch.start(new CustomEvent("test", "Leaked.request"));
      task.run();
    }, "sched-1"));
    return scheduler;
  }

  @Bean
  public ReportJob reportJob() {
    return new ReportJob();
  }

  @Bean
  public BrokenJob brokenJob() {
    return new BrokenJob();
  }

  @Bean
  public Mailer mailer() {
    return new Mailer();
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.setScheduler(taskScheduler());
    registrar.addFixedDelayTask(new CleanupTask(), 60_000);
  }

  public static class ReportJob {
    @Scheduled(fixedDelay = 100)
    public void report() {
      sql("SELECT COUNT(*) FROM sched_reports");
    }
  }

  public static class BrokenJob {
    @Scheduled(fixedDelay = 60_000)
    public void check() {
      throw new IllegalStateException("check failed");
    }
  }

  public static class CleanupTask implements Runnable {
    @Override
    public void run() {
      sql("DELETE FROM sched_reports WHERE id < 0");
    }
  }

  /** {@code @Async} on the same scheduler (the only executor): its work stays in the caller's trace. */
  public static class Mailer {
    @Async
    public void send() {
      sql("INSERT INTO sched_reports VALUES (1)");
    }
  }
}
