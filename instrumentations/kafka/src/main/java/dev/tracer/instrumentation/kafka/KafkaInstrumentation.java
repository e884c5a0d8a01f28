package dev.tracer.instrumentation.kafka;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.fieldType;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * kafka-clients 3.x and 4.x. Producer: a PRODUCER span per {@code send}, ended when the broker acknowledges
 * (the completion callback the producer builds around the application's), context written into the record
 * headers. Consumer: a CONSUMER span per record the application takes from the records {@code poll} returned,
 * from the moment it takes it until it takes the next one, reaches the end, or polls again; the same for the
 * list of one partition's records (iterated; indexed access starts nothing).
 */
public final class KafkaInstrumentation implements InstrumentationModule {
  static final String PRODUCER = "org.apache.kafka.clients.producer.KafkaProducer";

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public List<String> requiredClasses() {
    // Uuid is new in 2.8.0, the oldest kafka-clients the tests run (the Kafka chain smoke test): older ones are skipped
    return Arrays.asList("org.apache.kafka.common.header.Headers", "org.apache.kafka.clients.producer.Callback",
        "org.apache.kafka.common.Uuid");
  }

  @Override
  public List<String> helperClasses() {
    // names, not class literals: the agent's class loader need not load what only runs in the library's
    String pkg = "dev.tracer.instrumentation.kafka.";
    return Arrays.asList(pkg + "KafkaSends", pkg + "KafkaSends$InProgress", pkg + "IteratedList",
        pkg + "KafkaHeaderCapture");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new Producer(false), new Producer(true), new ProducerCallback(), new Consumer(),
        new RecordsIterator(), new PartitionRecords());
  }

  static final class Producer implements TypeInstrumentation {
    private final boolean oldFormats;

    Producer(boolean oldFormats) {
      this.oldFormats = oldFormats;
    }

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      // old message formats (brokers before 0.11) carry no headers; only 3.x clients can still meet them
      ElementMatcher.Junction<TypeDescription> knowsFormats =
          declaresField(named("apiVersions").and(fieldType(declaresMethod(named("maxUsableProduceMagic")))));
      return named(PRODUCER).and(oldFormats ? knowsFormats : not(knowsFormats));
    }

    @Override
    public void transform(AdviceTarget target) {
      ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription> send = named("send").and(isPublic())
          .and(takesArguments(2)).and(takesArgument(0, named("org.apache.kafka.clients.producer.ProducerRecord")));
      target.applyAdvice(send, oldFormats ? SendAdviceOldFormats.class : SendAdvice.class);
    }
  }

  /** The callback the producer wraps around the application's: it sees the acknowledgement. */
  static final class ProducerCallback implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      // AppendCallbacks since 3.3, InterceptorCallback before
      return namedOneOf(PRODUCER + "$AppendCallbacks", PRODUCER + "$InterceptorCallback");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(isConstructor(), CallbackConstructorAdvice.class);
      target.applyAdvice(named("onCompletion").and(takesArguments(2)), AcknowledgedAdvice.class);
    }
  }

  static final class Consumer implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("org.apache.kafka.clients.consumer.KafkaConsumer");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(namedOneOf("poll", "close").and(isPublic()), PollAdvice.class);
    }
  }

  /** {@code records(partition)}: a list, iterated through the instrumented iterator below. */
  static final class PartitionRecords implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("org.apache.kafka.clients.consumer.ConsumerRecords");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("records").and(takesArguments(1))
          .and(takesArgument(0, named("org.apache.kafka.common.TopicPartition"))), PartitionRecordsAdvice.class);
    }
  }

  /** The iterator behind {@code ConsumerRecords.iterator()} and {@code records(topic)}. */
  static final class RecordsIterator implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return nameStartsWith("org.apache.kafka.clients.consumer.ConsumerRecords$")
          .and(declaresMethod(named("makeNext")));
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("makeNext").and(takesArguments(0)).and(not(isBridge())), NextRecordAdvice.class);
    }
  }
}
