package dev.tracer.instrumentation.kafka;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.WeakStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/**
 * The life of a send's PRODUCER span: started by {@code send}, handed (same thread, further down the call) to the
 * completion callback the producer builds around the application's, ended when that callback sees the broker's
 * acknowledgement. A helper class of the module: its state is per class loader of kafka-clients.
 */
public final class KafkaSends {
  /** The send in progress on this thread, until {@code send} returns. */
  private static final ThreadLocal<InProgress> HANDOFF = new ThreadLocal<>();
  /** A send's event, kept on the producer's completion callback until the broker acknowledges. */
  static final WeakStore<MessagingEvent> PENDING = new WeakStore<>();

  private KafkaSends() {}

  /**
   * Starts the span of sending {@code record} and writes its context into the record's headers unless the
   * application set its own or {@code headers} is false (a broker whose message format has none); null when
   * there is no span.
   */
  public static MessagingEvent start(ProducerRecord<?, ?> record, boolean headers) {
    if (record == null) {
      return null;
    }
    MessagingEvent event = new MessagingEvent("kafka");
    event.system = "kafka";
    event.operation = MessagingEvent.PUBLISH;
    event.destination = record.topic();
    if (record.partition() != null) {
      event.partition = record.partition();
    }
    KafkaHeaderCapture.capture(event, record.headers());
    Dispatch.start(event);
    if (event.handle == null) {
      return null;
    }
    HANDOFF.set(new InProgress(event));
    if (headers && event.injectHeaders != null) {
      inject(record, event.injectHeaders);
    }
    return event;
  }

  private static void inject(ProducerRecord<?, ?> record, Map<String, String> inject) {
    try {
      Headers headers = record.headers();
      for (String name : inject.keySet()) {
        if (headers.lastHeader(name) != null) {
          return; // the application's own context
        }
      }
      for (Map.Entry<String, String> header : inject.entrySet()) {
        headers.add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
      }
    } catch (Throwable readOnly) {
      // a record sent before has read-only headers: it keeps the context it carries
    }
  }

  /**
   * The producer built the completion callback of the send in progress: it takes over the event. Before 3.3 a
   * send that starts a new batch builds a second callback and drops the first, so the last one built wins.
   */
  public static void callbackBuilt(Object callback) {
    InProgress send = HANDOFF.get();
    if (send != null) {
      if (send.callback != null) {
        PENDING.remove(send.callback);
      }
      send.callback = callback;
      PENDING.put(callback, send.event);
    }
  }

  /** The callback saw the acknowledgement (or the failure): the span ends, before the application's callback. */
  public static void acknowledged(Object callback, RecordMetadata metadata, Exception error) {
    MessagingEvent event = PENDING.remove(callback);
    if (event == null) {
      return;
    }
    if (metadata != null) {
      event.partition = metadata.partition();
      if (metadata.offset() >= 0) {
        event.offset = metadata.offset();
      }
    }
    Dispatch.end(event, error);
  }

  /** {@code send} returned (or threw): ends the span when no acknowledgement will come. */
  public static void returned(MessagingEvent event, Throwable error, Future<?> result) {
    Dispatch.detach(event);
    InProgress send = HANDOFF.get();
    HANDOFF.remove();
    if (send != null && send.callback != null && error != null) {
      PENDING.remove(send.callback); // the callback will never be called
    }
    if (send == null || send.callback == null || error != null) {
      // failed before the producer built its callback: no acknowledgement will come
      Dispatch.end(event, error);
    } else if (result != null && result.isDone()) {
      // refused before it was queued (e.g. too large): the producer called the application's callback itself
      try {
        result.get();
      } catch (ExecutionException failed) {
        Dispatch.end(event, failed.getCause());
      } catch (Throwable ignored) {
        // acknowledged already: the callback ended the span
      }
    }
  }

  /** A send between {@code send}'s entry and return: its event and the callback that holds it now. */
  private static final class InProgress {
    final MessagingEvent event;
    Object callback;

    InProgress(MessagingEvent event) {
      this.event = event;
    }
  }
}
