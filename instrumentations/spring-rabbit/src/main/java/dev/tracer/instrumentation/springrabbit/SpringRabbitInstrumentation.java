package dev.tracer.instrumentation.springrabbit;

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
 * Spring AMQP (spring-rabbit) 2.x and 3.x. Its containers take deliveries from the client on the client's thread
 * and run the listener ({@code @RabbitListener} methods included) on their own consumer threads (the simple
 * container) or on the client's (the direct one); every way ends in {@code executeListener(channel, data)} on the
 * thread that runs the listener: a CONSUMER {@code <queue> process} span there, child of the context the message
 * carries, current while the listener runs. A batch ({@code List<Message>}) is one span linked to each message's
 * context. (The rabbitmq instrumentation leaves Spring's own client consumers alone.)
 */
public final class SpringRabbitInstrumentation implements InstrumentationModule {
  static final String CONTAINER = "org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer";

  @Override
  public String name() {
    return "spring-rabbit";
  }

  @Override
  public List<String> requiredClasses() {
    // BaseRabbitListenerContainerFactory: first in 2.4.0 (the oldest claimed); 2.3 and older are not supported
    return Arrays.asList(CONTAINER, "org.springframework.amqp.core.Message", "com.rabbitmq.client.Channel",
        "org.springframework.amqp.rabbit.config.BaseRabbitListenerContainerFactory");
  }

  @Override
  public List<String> helperClasses() {
    return Collections.singletonList("dev.tracer.instrumentation.springrabbit.SpringRabbitMessages");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(CONTAINER);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(named("executeListener").and(takesArguments(2))
            .and(takesArgument(0, named("com.rabbitmq.client.Channel"))), ExecuteListenerAdvice.class);
      }
    });
  }
}
