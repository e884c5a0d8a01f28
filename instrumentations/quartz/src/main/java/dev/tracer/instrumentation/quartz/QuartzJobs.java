package dev.tracer.instrumentation.quartz;

import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/** Helper class, defined in Quartz's class loader: the root span of one job execution. */
public final class QuartzJobs {
  /** The execution in progress on this thread: an {@code execute} inside it is the same execution. */
  private static final ThreadLocal<CustomEvent> RUNNING = new ThreadLocal<>();

  private QuartzJobs() {}

  public static CustomEvent start(Object job, JobExecutionContext context) {
    if (RUNNING.get() != null) {
      return null;
    }
    CustomEvent event = CustomEvent.method("quartz", job.getClass(), "execute").attribute("job.system", "quartz");
    event.root = true;
    JobDetail detail = context == null ? null : context.getJobDetail();
    JobKey jobKey = detail == null ? null : detail.getKey();
    if (jobKey != null) {
      event.attribute("quartz.job.name", jobKey.getName()).attribute("quartz.job.group", jobKey.getGroup());
    }
    Trigger trigger = context == null ? null : context.getTrigger();
    TriggerKey key = trigger == null ? null : trigger.getKey();
    if (key != null) {
      event.attribute("quartz.trigger.name", key.getName()).attribute("quartz.trigger.group", key.getGroup());
    }
    RUNNING.set(event);
    Dispatch.start(event);
    return event;
  }

  public static void end(CustomEvent event, Throwable error) {
    if (event != null) {
      RUNNING.remove();
      Dispatch.end(event, error);
    }
  }
}
