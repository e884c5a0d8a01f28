package dev.tracer.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.MessagingEvent;
import java.io.IOException;

/**
 * The application's consumer as the channel sees it: each delivery is a CONSUMER {@code <queue> process} span,
 * child of the context the message carries, current while the application's {@code handleDelivery} runs; what
 * that throws reaches the client unchanged. Everything else is passed through. Helper class.
 */
public final class TracingConsumer implements Consumer {
  private final Consumer delegate;
  private final Channel channel;
  private final String queue;

  private TracingConsumer(Consumer delegate, Channel channel, String queue) {
    this.delegate = delegate;
    this.channel = channel;
    this.queue = queue;
  }

  /**
   * {@code consumer}, wrapped unless it already is, or it is Spring AMQP's: its containers hand deliveries to a
   * listener thread, where the spring-rabbit instrumentation makes the process span around the listener.
   */
  public static Consumer wrap(Consumer consumer, Channel channel, String queue) {
    if (consumer == null || consumer instanceof TracingConsumer
        || consumer.getClass().getName().startsWith("org.springframework.amqp.")) {
      return consumer;
    }
    return new TracingConsumer(consumer, channel, queue);
  }

  @Override
  public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
      throws IOException {
    MessagingEvent event = null;
    try {
      event = RabbitMessages.consume(channel, MessagingEvent.PROCESS, queue, envelope, properties);
      Dispatch.start(event);
    } catch (Throwable ignored) {
      // the application comes first
    }
    Throwable thrown = null;
    try {
      delegate.handleDelivery(consumerTag, envelope, properties, body);
    } catch (Throwable t) {
      thrown = t;
      throw t;
    } finally {
      Dispatch.end(event, thrown);
    }
  }

  @Override
  public void handleConsumeOk(String consumerTag) {
    delegate.handleConsumeOk(consumerTag);
  }

  @Override
  public void handleCancelOk(String consumerTag) {
    delegate.handleCancelOk(consumerTag);
  }

  @Override
  public void handleCancel(String consumerTag) throws IOException {
    delegate.handleCancel(consumerTag);
  }

  @Override
  public void handleShutdownSignal(String consumerTag, ShutdownSignalException sig) {
    delegate.handleShutdownSignal(consumerTag, sig);
  }

  @Override
  public void handleRecoverOk(String consumerTag) {
    delegate.handleRecoverOk(consumerTag);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
