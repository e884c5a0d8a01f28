package dev.tracer.instrumentation.jms.javax;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SubTypeMatcher;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * JMS, javax.jms 1.1 and 2.0 (module jms-jakarta builds this source with the jakarta.jms names), whatever the
 * provider, through the API's own interfaces: {@code MessageProducer.send} and {@code JMSProducer.send} are
 * PRODUCER {@code <destination> publish}, the context written into the message's properties; a message returned by
 * {@code MessageConsumer.receive*} is CONSUMER {@code <destination> receive}; {@code MessageListener.onMessage} is
 * CONSUMER {@code <destination> process}, current while the listener runs.
 */
public final class JmsInstrumentation implements InstrumentationModule {
  static final String JMS = "javax.jms.";

  @Override
  public String name() {
    return "jms";
  }

  @Override
  public List<String> requiredClasses() {
    return Arrays.asList(JMS + "Message", JMS + "MessageProducer", JMS + "MessageConsumer", JMS + "MessageListener");
  }

  @Override
  public List<String> helperClasses() {
    String pkg = JmsInstrumentation.class.getPackage().getName() + ".";
    return Arrays.asList(pkg + "JmsMessages", pkg + "TracingListener");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        implementations(JMS + "MessageProducer",
            target -> target.applyAdvice(named("send").and(isPublic()), ProducerSendAdvice.class)),
        // JMS 2.0's simplified API: send(destination, message or body)
        implementations(JMS + "JMSProducer",
            target -> target.applyAdvice(named("send").and(isPublic()).and(takesArguments(2)), JmsProducerSendAdvice.class)),
        implementations(JMS + "MessageConsumer", target -> {
          target.applyAdvice(namedOneOf("receive", "receiveNoWait").and(isPublic()).and(returns(named(JMS + "Message"))),
              ReceiveAdvice.class);
          target.applyAdvice(named("close").and(takesArguments(0)), ConsumerCloseAdvice.class);
          target.applyAdvice(named("setMessageListener").and(takesArguments(1)), SetListenerAdvice.class);
          target.applyAdvice(named("getMessageListener").and(takesArguments(0)), GetListenerAdvice.class);
        }),
        // onMessage(Message), and the (Message, Session) form of listener adapters that are MessageListeners too
        implementations(JMS + "MessageListener", target -> target.applyAdvice(
            named("onMessage").and(takesArgument(0, named(JMS + "Message"))), OnMessageAdvice.class)));
  }

  /** Every concrete class implementing {@code type}, with the advice {@code advice} declares. */
  private static TypeInstrumentation implementations(String type, Consumer<TypeInstrumentation.AdviceTarget> advice) {
    return new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return SubTypeMatcher.classesOf(type).concrete();
      }

      @Override
      public void transform(AdviceTarget target) {
        advice.accept(target);
      }
    };
  }
}
