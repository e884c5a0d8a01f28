package dev.tracer.instrumentation.rabbitmq;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The RabbitMQ Java client ({@code com.rabbitmq:amqp-client}) 5.x. Every channel, auto-recovering or not, is a
 * {@code ChannelN} underneath, and each of its publish, consume and get overloads ends in one of the methods
 * instrumented here. Publish: PRODUCER {@code <exchange> publish}, context written into the message's headers.
 * Consume: the consumer is wrapped ({@link TracingConsumer}), each delivery a CONSUMER {@code <queue> process}
 * span current while the application's {@code handleDelivery} runs. Get: CONSUMER {@code <queue> receive}.
 */
public final class RabbitMqInstrumentation implements InstrumentationModule {
  static final String CHANNEL = "com.rabbitmq.client.impl.ChannelN";
  static final String PROPERTIES = "com.rabbitmq.client.AMQP$BasicProperties";

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public List<String> requiredClasses() {
    // DeliverCallback: first in 5.0 (the Java 8 client), absent from every 4.x, which is not supported
    return Arrays.asList(CHANNEL, "com.rabbitmq.client.Consumer", "com.rabbitmq.client.GetResponse",
        "com.rabbitmq.client.DeliverCallback");
  }

  @Override
  public List<String> helperClasses() {
    String pkg = "dev.tracer.instrumentation.rabbitmq.";
    return Arrays.asList(pkg + "RabbitMessages", pkg + "TracingConsumer");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(CHANNEL);
      }

      @Override
      public void transform(AdviceTarget target) {
        // (exchange, routingKey, mandatory, immediate, props, body[, listener]): the shorter overloads delegate here
        target.applyAdvice(named("basicPublish").and(takesArgument(4, named(PROPERTIES))), PublishAdvice.class);
        // (queue, autoAck, consumerTag, noLocal, exclusive, arguments, consumer): every basicConsume ends here
        target.applyAdvice(named("basicConsume").and(takesArguments(7))
            .and(takesArgument(6, named("com.rabbitmq.client.Consumer"))), ConsumeAdvice.class);
        target.applyAdvice(named("basicGet").and(takesArguments(2)), GetAdvice.class);
        target.applyAdvice(named("close").and(takesArguments(0)), CloseAdvice.class);
      }
    });
  }
}
