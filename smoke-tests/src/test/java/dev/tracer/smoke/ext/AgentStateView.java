package dev.tracer.smoke.ext;

import dev.tracer.api.AgentState;
import dev.tracer.api.SpanListener;
import dev.tracer.bootstrap.SpanEvent;
import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * RedeploySmokeTest's extension: publishes the agent's state store sizes ({@link AgentState}) over JMX, where the
 * application under test reads them. A listener only to be loaded; it does nothing per span.
 */
public class AgentStateView implements SpanListener<SpanEvent>, AgentStateViewMBean {
  public AgentStateView() throws Exception {
    ManagementFactory.getPlatformMBeanServer().registerMBean(this, new ObjectName("dev.tracer.test:type=AgentState"));
  }

  @Override
  public String getSizes() {
    return AgentState.get().sizes().toString();
  }

  @Override
  public String getLoaders() {
    return AgentState.get().loaders().toString();
  }
}
