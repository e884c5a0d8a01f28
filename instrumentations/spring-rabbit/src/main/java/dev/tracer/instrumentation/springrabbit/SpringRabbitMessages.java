package dev.tracer.instrumentation.springrabbit;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.Propagation;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** The process event of what a container hands its listener: one message, or a batch. Helper class. */
public final class SpringRabbitMessages {
  private SpringRabbitMessages() {}

  public static MessagingEvent process(Channel channel, Object data) {
    Message first;
    List<?> batch = null;
    if (data instanceof Message) {
      first = (Message) data;
    } else if (data instanceof List && !((List<?>) data).isEmpty() && ((List<?>) data).get(0) instanceof Message) {
      batch = (List<?>) data;
      first = (Message) batch.get(0);
    } else {
      return null;
    }
    MessagingEvent event = new MessagingEvent("spring-rabbit");
    event.system = "rabbitmq";
    event.operation = MessagingEvent.PROCESS;
    MessageProperties properties = first.getMessageProperties();
    if (properties != null) {
      event.destination = properties.getConsumerQueue();
      event.routingKey = properties.getReceivedRoutingKey();
    }
    if (batch == null) {
      event.headers = contextOf(first);
      if (properties != null) {
        event.messageId = properties.getMessageId();
      }
    } else {
      event.batchSize = batch.size();
      event.linkHeaders = new ArrayList<>(batch.size());
      for (Object message : batch) {
        Map<String, String> context = message instanceof Message ? contextOf((Message) message) : null;
        if (context != null) {
          event.linkHeaders.add(context);
        }
      }
    }
    Connection connection = channel == null ? null : channel.getConnection();
    if (connection != null) {
      InetAddress address = connection.getAddress();
      event.serverAddress = address == null ? null : address.getHostAddress();
      event.serverPort = connection.getPort();
    }
    return event;
  }

  private static Map<String, String> contextOf(Message message) {
    MessageProperties properties = message.getMessageProperties();
    return properties == null ? null : Propagation.fieldsOf(properties.getHeaders());
  }
}
