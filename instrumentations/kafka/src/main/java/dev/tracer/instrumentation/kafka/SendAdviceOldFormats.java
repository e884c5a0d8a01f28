package dev.tracer.instrumentation.kafka;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.Handoff;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.SpanEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.RecordBatch;

/**
 * {@link SendAdvice} for 3.x clients, which may still meet brokers whose message format has no headers: there the
 * record goes without them. {@code KafkaProducer.send(record, callback)}: starts the
 * PRODUCER span, writes its context into the record's headers unless the application set its own, and hands the
 * event to the producer's completion callback, which ends it when the broker acknowledges.
 */
public final class SendAdviceOldFormats {
  private SendAdviceOldFormats() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static MessagingEvent enter(@Advice.Argument(0) ProducerRecord<?, ?> record,
      @Advice.FieldValue("apiVersions") ApiVersions versions) {
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
    Dispatch.start(event);
    if (event.handle == null) {
      return null;
    }
    Handoff.offer(event);
    Map<String, String> inject = event.injectHeaders;
    if (inject != null && versions.maxUsableProduceMagic() >= RecordBatch.MAGIC_VALUE_V2) {
      try {
        Headers headers = record.headers();
        boolean own = false;
        for (String name : inject.keySet()) {
          own |= headers.lastHeader(name) != null;
        }
        if (!own) {
          for (Map.Entry<String, String> header : inject.entrySet()) {
            headers.add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
          }
        }
      } catch (Throwable readOnly) {
        // a record sent before has read-only headers: it keeps the context it carries
      }
    }
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter MessagingEvent event, @Advice.Thrown Throwable error,
      @Advice.Return Future<?> result) {
    if (event == null) {
      return;
    }
    Dispatch.detach(event);
    SpanEvent untaken = Handoff.take();
    if (untaken == event || error != null) {
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
}
