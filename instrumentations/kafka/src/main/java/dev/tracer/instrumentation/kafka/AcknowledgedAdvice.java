package dev.tracer.instrumentation.kafka;

import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The broker acknowledged (or the send failed): the PRODUCER span ends, before the application's callback runs. */
public final class AcknowledgedAdvice {
  private AcknowledgedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object callback, @Advice.Argument(0) RecordMetadata metadata,
      @Advice.Argument(1) Exception error) {
    KafkaSends.acknowledged(callback, metadata, error);
  }
}
