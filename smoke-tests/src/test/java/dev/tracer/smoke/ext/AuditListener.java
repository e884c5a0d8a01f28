package dev.tracer.smoke.ext;

import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.SpanEvent;
import io.opentelemetry.api.trace.Span;

/** A second extension's listener: marks every span, and tells whether the agent's internals are reachable. */
public class AuditListener implements SpanListener<SpanEvent> {
  private final boolean agentVisible = loadable("dev.tracer.agent.Config");

  private static boolean loadable(String name) {
    try {
      Class.forName(name, false, AuditListener.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Override
  public void onEnd(SpanEvent event, Span span) {
    span.setAttribute("audit.seen", true);
    span.setAttribute("audit.agent.visible", agentVisible);
  }
}
