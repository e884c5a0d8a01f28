package dev.tracer.testapp.otelapi;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
public class ReportJob {
  private final JdbcTemplate jdbc;

  public ReportJob(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Scheduled(fixedDelay = 300)
  public void report() {
    jdbc.queryForObject("SELECT COUNT(*) FROM shipments", Integer.class);
  }
}
