package dev.tracer.instrumentation.reactor;

import dev.tracer.bootstrap.ContextCarrier;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.CoreSubscriber;
import reactor.core.Fuseable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor's hooks that carry the context through a chain. The context is the one current at <b>subscription</b>
 * (not at assembly): a {@code Mono} is often built once (a field, a bean) and subscribed per request, and the
 * request's context is the one current when it is subscribed. Each operator's subscriber is wrapped, at
 * subscription, in a {@link TracingSubscriber} that makes that context current around every signal it passes
 * down, so it holds on any thread. Work a scheduler runs ({@code subscribeOn}, timers) takes the context of
 * the moment it was scheduled.
 */
public final class ReactorContext {
  static final String KEY = "dev.tracer.context";

  private ReactorContext() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void install() {
    Hooks.onEachOperator(KEY, (Function) Operators.liftPublisher(new NotScalar(), (BiFunction) new Lift()));
    Schedulers.onScheduleHook(KEY, new ScheduleHook());
  }

  /** Constants ({@code Mono.just}) signal while they are subscribed, where the context is current already. */
  @SuppressWarnings("rawtypes")
  static final class NotScalar implements Predicate<Publisher> {
    @Override
    public boolean test(Publisher publisher) {
      return !(publisher instanceof Fuseable.ScalarCallable);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static final class Lift implements BiFunction<Publisher, CoreSubscriber, CoreSubscriber> {
    @Override
    public CoreSubscriber apply(Publisher publisher, CoreSubscriber subscriber) {
      Object captured = ContextCarrier.capture();
      if (captured == null || subscriber == null) {
        return subscriber; // nothing to carry: the chain runs as it would without the agent
      }
      return new TracingSubscriber(subscriber, captured);
    }
  }

  static final class ScheduleHook implements Function<Runnable, Runnable> {
    @Override
    public Runnable apply(Runnable task) {
      return ContextCarrier.wrap(task);
    }
  }
}
