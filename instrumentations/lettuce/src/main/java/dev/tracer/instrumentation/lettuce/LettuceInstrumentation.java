package dev.tracer.instrumentation.lettuce;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Lettuce 5.1 to 7.x: a CLIENT span per Redis command, whatever the API (sync, async, reactive, pipelined with
 * auto-flush off, transactions), because every command of a connection is handed to
 * {@code DefaultEndpoint.write} on the caller's thread before it is sent. The span starts there and ends when the
 * command completes, through the command's own completion callback ({@code CompletableFuture.whenComplete} of an
 * {@code AsyncCommand}, {@code CompleteableCommand.onComplete} of a wrapper such as the reactive API's
 * subscription command): nothing is kept beside the command until then. A reactive command is made when a subscriber
 * subscribes; the context current then is remembered for it (a {@code WeakStore} of the helper, emptied when the
 * command is written) and is its span's parent, even when the subscriber's first request, which sends it, comes on
 * another thread.
 */
public final class LettuceInstrumentation implements InstrumentationModule {
  static final String ENDPOINT = "io.lettuce.core.protocol.DefaultEndpoint";
  static final String SUBSCRIPTION_COMMAND = "io.lettuce.core.RedisPublisher$SubscriptionCommand";
  static final String SUBSCRIPTION = "io.lettuce.core.RedisPublisher$RedisSubscription";

  @Override
  public String name() {
    return "lettuce";
  }

  @Override
  public List<String> requiredClasses() {
    // Tracing came with 5.1, as did CompleteableCommand.onComplete(BiConsumer), which reports failures too
    return Arrays.asList(ENDPOINT, "io.lettuce.core.protocol.CompleteableCommand", "io.lettuce.core.tracing.Tracing");
  }

  @Override
  public List<String> helperClasses() {
    // names, not class literals: the agent's class loader cannot load classes that use Lettuce types
    String pkg = "dev.tracer.instrumentation.lettuce.";
    return Arrays.asList(pkg + "LettuceCommands", pkg + "LettuceCommands$Completion", pkg + "LettuceCommands$Copying");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new Endpoint(), new SubscriptionCommand(), new Subscription());
  }

  /** Only the class itself: subclasses (pub/sub, cluster nodes) reach its {@code write} through {@code super}. */
  static final class Endpoint implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(ENDPOINT);
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("write").and(takesArguments(1))
          .and(takesArgument(0, named("io.lettuce.core.protocol.RedisCommand"))), WriteAdvice.class);
      target.applyAdvice(named("write").and(takesArguments(1)).and(takesArgument(0, named("java.util.Collection"))),
          WriteAllAdvice.class);
    }
  }

  /** Made when a subscriber subscribes to a reactive command's publisher. */
  static final class SubscriptionCommand implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(SUBSCRIPTION_COMMAND);
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(isConstructor(), SubscribeAdvice.class);
    }
  }

  /** A reactive command's subscription, which may be cancelled. */
  static final class Subscription implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(SUBSCRIPTION);
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("cancel").and(takesArguments(0)), CancelAdvice.class);
    }
  }
}
