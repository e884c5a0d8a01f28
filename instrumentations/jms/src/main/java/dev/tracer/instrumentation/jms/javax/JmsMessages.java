package dev.tracer.instrumentation.jms.javax;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.Propagation;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import javax.jms.Destination;
import javax.jms.Message;
import javax.jms.MessageConsumer;
import javax.jms.Queue;
import javax.jms.QueueReceiver;
import javax.jms.TemporaryQueue;
import javax.jms.TemporaryTopic;
import javax.jms.Topic;
import javax.jms.TopicSubscriber;

/** Events from JMS types, the context in and out of message properties, and the sends in progress. Helper class. */
public final class JmsMessages {
  static final String SYSTEM = "jms";
  static final String TEMPORARY = "(temporary)";
  /** The send this thread is in: a provider's send overloads call each other; the outermost has the span. */
  private static final ThreadLocal<MessagingEvent> SENDING = new ThreadLocal<>();
  /** How deep this thread is in receive calls: only the outermost one's message opens a span. */
  private static final ThreadLocal<int[]> RECEIVING = ThreadLocal.withInitial(() -> new int[1]);

  private JmsMessages() {}

  /**
   * A JMS property name must be a Java identifier: {@code -} and {@code .} (as in {@code X-B3-TraceId}) are
   * written as {@code _$dash$_} and {@code _$dot$_}, which no propagator's field contains, so names map back.
   */
  public static String propertyName(String field) {
    return field.replace("-", "_$dash$_").replace(".", "_$dot$_");
  }

  public static String destinationName(Destination destination) {
    try {
      if (destination instanceof TemporaryQueue || destination instanceof TemporaryTopic) {
        return TEMPORARY;
      }
      if (destination instanceof Queue) {
        return ((Queue) destination).getQueueName();
      }
      if (destination instanceof Topic) {
        return ((Topic) destination).getTopicName();
      }
    } catch (Throwable ignored) {
      // a destination that cannot say its name: the span has none
    }
    return null;
  }

  private static MessagingEvent event(String operation, Destination destination) {
    MessagingEvent event = new MessagingEvent(SYSTEM);
    event.system = SYSTEM;
    event.operation = operation;
    event.destination = destinationName(destination);
    event.temporaryDestination = destination instanceof TemporaryQueue || destination instanceof TemporaryTopic;
    return event;
  }

  /**
   * Enter of a send: the outermost starts the PRODUCER span and writes its context into the message (a nested one,
   * e.g. a {@code JMSProducer} sending through a {@code MessageProducer}, writes the outer span's context into the
   * message it was given). Returns the event to end, or null.
   */
  public static MessagingEvent startSend(Destination destination, Message message) {
    MessagingEvent outer = SENDING.get();
    if (outer != null) {
      inject(message, outer.injectHeaders);
      return null;
    }
    MessagingEvent event = event(MessagingEvent.PUBLISH, destination);
    captureProperties(event, message);
    Dispatch.start(event);
    if (event.handle == null) {
      return null;
    }
    SENDING.set(event);
    inject(message, event.injectHeaders);
    return event;
  }

  public static void endSend(MessagingEvent event, Throwable error) {
    if (event != null) {
      SENDING.remove();
      Dispatch.end(event, error);
    }
  }

  /** Writes the context unless the message carries one of its own (or its properties are read-only). */
  static void inject(Message message, Map<String, String> headers) {
    if (message == null || headers == null || headers.isEmpty()) {
      return;
    }
    try {
      for (String field : Propagation.fields()) {
        if (message.propertyExists(propertyName(field))) {
          return;
        }
      }
      for (Map.Entry<String, String> header : headers.entrySet()) {
        message.setStringProperty(propertyName(header.getKey()), header.getValue());
      }
    } catch (Throwable readOnly) {
      // a received message sent on: it keeps the context it carries
    }
  }

  /**
   * The destination a consumer reads, when its provider says (the optional {@code QueueReceiver} and
   * {@code TopicSubscriber} views): a received message's own destination may not tell a temporary queue.
   */
  public static Destination destinationOf(MessageConsumer consumer) {
    if (consumer instanceof QueueReceiver) {
      try {
        Queue queue = ((QueueReceiver) consumer).getQueue();
        if (queue != null) {
          return queue;
        }
      } catch (Throwable notAQueue) {
        // a topic's consumer
      }
    }
    if (consumer instanceof TopicSubscriber) {
      try {
        return ((TopicSubscriber) consumer).getTopic();
      } catch (Throwable notATopic) {
        // neither: the message's destination it is
      }
    }
    return null;
  }

  /**
   * A received or delivered message's event, child of the context its properties carry; {@code destination} is the
   * consumer's when known, else the message's.
   */
  public static MessagingEvent consume(String operation, Message message, Destination destination) {
    if (destination == null) {
      try {
        destination = message.getJMSDestination();
      } catch (Throwable ignored) {
        // the span has no destination
      }
    }
    MessagingEvent event = event(operation, destination);
    try {
      event.messageId = message.getJMSMessageID();
      Map<String, String> headers = null;
      for (String field : Propagation.fields()) {
        Object value = message.getObjectProperty(propertyName(field));
        if (value != null) {
          if (headers == null) {
            headers = new HashMap<>();
          }
          headers.put(field, value.toString());
        }
      }
      event.headers = headers;
    } catch (Throwable ignored) {
      // no context: a span of its own
    }
    captureProperties(event, message);
    return event;
  }

  /**
   * TRACER_CAPTURE_MESSAGING_HEADERS: the listed message properties, names compared in any case (a name with
   * {@code -} or {@code .} as {@link #propertyName} writes it); nothing is read when none is listed.
   */
  static void captureProperties(MessagingEvent event, Message message) {
    String[] names = HeaderCapture.messaging();
    if (names.length == 0 || message == null) {
      return;
    }
    try {
      Enumeration<?> properties = message.getPropertyNames();
      while (properties.hasMoreElements()) {
        String property = String.valueOf(properties.nextElement());
        for (String name : names) {
          if (name.equalsIgnoreCase(property) || propertyName(name).equalsIgnoreCase(property)) {
            Object value = message.getObjectProperty(property);
            if (value != null) {
              event.capturedHeaders = HeaderCapture.add(event.capturedHeaders, name, value.toString());
            }
          }
        }
      }
    } catch (Throwable unreadable) {
      // no captured properties then
    }
  }

  /** Enter of a receive; true for the outermost. */
  public static boolean enterReceive() {
    return RECEIVING.get()[0]++ == 0;
  }

  /** Exit of a receive; true for the outermost. */
  public static boolean exitReceive() {
    int[] depth = RECEIVING.get();
    depth[0] = Math.max(0, depth[0] - 1);
    return depth[0] == 0;
  }
}
