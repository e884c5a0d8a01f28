package dev.tracer.instrumentation.jms.javax;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.ProcessingSpan;
import javax.jms.Destination;
import javax.jms.Message;
import javax.jms.MessageListener;

/**
 * The application's listener as its consumer sees it (lambdas included, which the agent does not transform): each
 * message a CONSUMER {@code <destination> process} span, current while the application's {@code onMessage} runs;
 * what that throws goes on unchanged. {@code getMessageListener()} still returns the application's. Helper class.
 */
public final class TracingListener implements MessageListener {
  final MessageListener delegate;
  private final Destination destination;

  private TracingListener(MessageListener delegate, Destination destination) {
    this.delegate = delegate;
    this.destination = destination;
  }

  public static MessageListener wrap(MessageListener listener, Destination destination) {
    if (listener == null || listener instanceof TracingListener) {
      return listener;
    }
    return new TracingListener(listener, destination);
  }

  public static MessageListener unwrap(MessageListener listener) {
    return listener instanceof TracingListener ? ((TracingListener) listener).delegate : listener;
  }

  @Override
  public void onMessage(Message message) {
    MessagingEvent event = null;
    try {
      ProcessingSpan.end();
      event = JmsMessages.consume(MessagingEvent.PROCESS, message, destination);
      Dispatch.start(event);
    } catch (Throwable ignored) {
      // the application comes first
    }
    Throwable thrown = null;
    try {
      delegate.onMessage(message);
    } catch (Throwable t) {
      thrown = t;
      throw t;
    } finally {
      Dispatch.end(event, thrown);
    }
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
