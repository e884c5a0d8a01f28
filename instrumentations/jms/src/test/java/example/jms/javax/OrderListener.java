package example.jms.javax;

import io.opentelemetry.api.trace.Span;
import javax.jms.Message;
import javax.jms.MessageListener;

/**
 * An application's listener class (outside the agent's own packages, which it never transforms), for a container
 * that calls it itself, as Spring's polling containers do. Remembers the span current while it ran.
 */
public final class OrderListener implements MessageListener {
  public volatile String current;

  @Override
  public void onMessage(Message message) {
    current = Span.current().getSpanContext().getSpanId();
  }
}
