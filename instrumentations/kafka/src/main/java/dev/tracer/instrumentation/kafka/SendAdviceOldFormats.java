package dev.tracer.instrumentation.kafka;

import dev.tracer.bootstrap.MessagingEvent;
import java.util.concurrent.Future;
import net.bytebuddy.asm.Advice;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.RecordBatch;

/**
 * {@link SendAdvice} for 3.x clients, which may still meet brokers whose message format has no headers: there the
 * record goes without them.
 */
public final class SendAdviceOldFormats {
  private SendAdviceOldFormats() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static MessagingEvent enter(@Advice.Argument(0) ProducerRecord<?, ?> record,
      @Advice.FieldValue("apiVersions") ApiVersions versions) {
    return KafkaSends.start(record, versions.maxUsableProduceMagic() >= RecordBatch.MAGIC_VALUE_V2);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter MessagingEvent event, @Advice.Thrown Throwable error,
      @Advice.Return Future<?> result) {
    if (event != null) {
      KafkaSends.returned(event, error, result);
    }
  }
}
