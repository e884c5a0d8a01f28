package com.acme.jobs;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/** Fails as a job says it failed: a JobExecutionException. */
public class LedgerJob implements Job {
  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    throw new JobExecutionException("ledger locked");
  }
}
