package dev.tracer.instrumentation.kafka;

import dev.tracer.bootstrap.MessagingEvent;
import dev.tracer.bootstrap.ProcessingSpan;
import dev.tracer.bootstrap.Propagation;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The records iterator moved on ({@code makeNext}, run by {@code hasNext}): the previous record's CONSUMER span
 * ends and the next record's starts, a child of the context its headers carry; at the end none starts.
 */
public final class NextRecordAdvice {
  private NextRecordAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object next) {
    if (!(next instanceof ConsumerRecord)) {
      ProcessingSpan.end();
      return;
    }
    ConsumerRecord<?, ?> record = (ConsumerRecord<?, ?>) next;
    MessagingEvent event = new MessagingEvent("kafka");
    event.system = "kafka";
    event.operation = MessagingEvent.PROCESS;
    event.destination = record.topic();
    event.partition = record.partition();
    event.offset = record.offset();
    Headers headers = record.headers();
    if (headers != null) {
      for (String name : Propagation.fields()) {
        Header header = headers.lastHeader(name);
        if (header != null && header.value() != null) {
          if (event.headers == null) {
            event.headers = new HashMap<>();
          }
          event.headers.put(name, new String(header.value(), StandardCharsets.UTF_8));
        }
      }
    }
    KafkaHeaderCapture.capture(event, headers);
    ProcessingSpan.begin(event);
  }
}
