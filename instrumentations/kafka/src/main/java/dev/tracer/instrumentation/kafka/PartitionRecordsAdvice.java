package dev.tracer.instrumentation.kafka;

import java.util.Collections;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code ConsumerRecords.records(partition)} returns a plain list: it becomes a view whose iterator is that of a
 * {@code ConsumerRecords} holding the partition's records alone, so the per-partition loop gets a CONSUMER span per
 * record as the loop over the records does. Kafka Streams' threads only buffer the records they take this way.
 */
public final class PartitionRecordsAdvice {
  private PartitionRecordsAdvice() {}

  @SuppressWarnings({"rawtypes", "unchecked"})
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) TopicPartition partition,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) List records) {
    if (records == null || records.isEmpty()
        || Thread.currentThread().getClass().getName().startsWith("org.apache.kafka.streams.")) {
      return;
    }
    ConsumerRecords alone = new ConsumerRecords(Collections.singletonMap(partition, records));
    records = new IteratedList(records, alone);
  }
}
