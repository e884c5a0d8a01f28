package dev.tracer.instrumentation.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Envelope;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.Propagation;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Events from the client's types, and the trace context in and out of message headers. Helper class. */
public final class RabbitMessages {
  static final String SYSTEM = "rabbitmq";
  /** The span name of a publish to the default exchange ({@code ""}), which routes by queue name. */
  static final String DEFAULT_EXCHANGE = "<default>";

  private RabbitMessages() {}

  public static MessagingEvent publish(Channel channel, String exchange, String routingKey) {
    MessagingEvent event = event(channel, MessagingEvent.PUBLISH);
    event.destination = exchange == null || exchange.isEmpty() ? DEFAULT_EXCHANGE : exchange;
    event.routingKey = routingKey;
    return event;
  }

  /** A delivery to a consumer ({@code process}) or a message taken with {@code basicGet} ({@code receive}). */
  public static MessagingEvent consume(Channel channel, String operation, String queue, Envelope envelope,
      AMQP.BasicProperties properties) {
    MessagingEvent event = event(channel, operation);
    event.destination = queue;
    if (envelope != null) {
      event.routingKey = envelope.getRoutingKey();
    }
    event.headers = contextOf(properties);
    captureHeaders(event, properties);
    if (properties != null) {
      event.messageId = properties.getMessageId();
    }
    return event;
  }

  private static MessagingEvent event(Channel channel, String operation) {
    MessagingEvent event = new MessagingEvent(SYSTEM);
    event.system = SYSTEM;
    event.operation = operation;
    Connection connection = channel == null ? null : channel.getConnection();
    if (connection != null) {
      InetAddress address = connection.getAddress();
      if (address != null) {
        event.serverAddress = address.getHostAddress();
      }
      event.serverPort = connection.getPort();
    }
    return event;
  }

  /** TRACER_CAPTURE_MESSAGING_HEADERS: the listed headers (any case) as text; nothing is read when none is listed. */
  public static void captureHeaders(MessagingEvent event, AMQP.BasicProperties properties) {
    String[] names = HeaderCapture.messaging();
    Map<String, Object> headers = names.length == 0 || properties == null ? null : properties.getHeaders();
    if (headers == null) {
      return;
    }
    for (Map.Entry<String, Object> header : headers.entrySet()) {
      for (String name : names) {
        Object value = header.getValue();
        if (name.equalsIgnoreCase(header.getKey()) && value != null) {
          String text = value instanceof byte[] ? new String((byte[]) value, StandardCharsets.UTF_8) : value.toString();
          event.capturedHeaders = HeaderCapture.add(event.capturedHeaders, name, text);
        }
      }
    }
  }

  /** The propagation fields the message's headers carry (AMQP header values arrive as {@code LongString}). */
  static Map<String, String> contextOf(AMQP.BasicProperties properties) {
    return properties == null ? null : Propagation.fieldsOf(properties.getHeaders());
  }

  /**
   * The properties to publish with: the application's, plus the event's context in the headers. A message whose
   * headers already carry a propagation field keeps its own context, unchanged.
   */
  public static AMQP.BasicProperties withContext(AMQP.BasicProperties properties, MessagingEvent event) {
    Map<String, String> inject = event.injectHeaders;
    if (inject == null || inject.isEmpty()) {
      return properties;
    }
    Map<String, Object> headers = properties == null ? null : properties.getHeaders();
    if (headers != null) {
      for (String name : Propagation.fields()) {
        if (headers.containsKey(name)) {
          return properties;
        }
      }
    }
    Map<String, Object> merged = headers == null ? new HashMap<>() : new HashMap<>(headers);
    merged.putAll(inject);
    AMQP.BasicProperties.Builder builder = properties == null ? new AMQP.BasicProperties.Builder() : properties.builder();
    return builder.headers(merged).build();
  }
}
