package com.acme.jobs;

import org.quartz.JobExecutionContext;

/** A job that runs another job's execute (as framework wrappers do): one execution, one span. */
public class DelegatingJob extends ReportJob {
  @Override
  public void execute(JobExecutionContext context) {
    new ReportJob().execute(context);
  }
}
