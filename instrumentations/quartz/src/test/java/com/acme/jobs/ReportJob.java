package com.acme.jobs;

import org.quartz.Job;
import org.quartz.JobExecutionContext;

public class ReportJob implements Job {
  @Override
  public void execute(JobExecutionContext context) {
    Jobs.sql("SELECT COUNT(*) FROM quartz_reports");
  }
}
