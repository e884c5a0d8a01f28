package dev.tracer.instrumentation.kafka;

import dev.tracer.bootstrap.MessagingEvent;
import java.util.concurrent.Future;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code KafkaProducer.send(record, callback)} on clients whose brokers all take headers (4.x): starts the
 * PRODUCER span, writes its context into the record's headers unless the application set its own, and hands the
 * event to the producer's completion callback, which ends it when the broker acknowledges ({@link KafkaSends}).
 */
public final class SendAdvice {
  private SendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static MessagingEvent enter(@Advice.Argument(0) ProducerRecord<?, ?> record) {
    return KafkaSends.start(record, true);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter MessagingEvent event, @Advice.Thrown Throwable error,
      @Advice.Return Future<?> result) {
    if (event != null) {
      KafkaSends.returned(event, error, result);
    }
  }
}
