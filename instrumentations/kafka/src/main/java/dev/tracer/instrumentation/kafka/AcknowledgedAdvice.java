package dev.tracer.instrumentation.kafka;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.SpanEvent;
import dev.tracer.bootstrap.WeakStore;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The broker acknowledged (or the send failed): the PRODUCER span ends, before the application's callback runs. */
public final class AcknowledgedAdvice {
  private AcknowledgedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object callback, @Advice.Argument(0) RecordMetadata metadata,
      @Advice.Argument(1) Exception error) {
    SpanEvent event = WeakStore.PENDING_EVENT.remove(callback);
    if (event == null) {
      return;
    }
    if (metadata != null && event instanceof MessagingEvent) {
      MessagingEvent message = (MessagingEvent) event;
      message.partition = metadata.partition();
      if (metadata.offset() >= 0) {
        message.offset = metadata.offset();
      }
    }
    Dispatch.end(event, error);
  }
}
