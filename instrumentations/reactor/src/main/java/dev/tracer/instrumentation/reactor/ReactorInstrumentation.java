package dev.tracer.instrumentation.reactor;

import static net.bytebuddy.matcher.ElementMatchers.isTypeInitializer;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Reactor 3.4+: the context current when a chain is subscribed is current in every callback of that chain,
 * whatever scheduler runs it. Nothing is instrumented per operator: {@link ReactorContext} registers Reactor's
 * own hooks (an operator hook that lifts each subscriber, a schedule hook) once {@code Hooks} is initialized,
 * and again after an application resets the hooks.
 */
public final class ReactorInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "reactor";
  }

  @Override
  public List<String> requiredClasses() {
    // ContextView: first in 3.4 (its context API), absent from 3.3 and older, which are not supported
    return Arrays.asList("reactor.core.publisher.Hooks", "reactor.core.CoreSubscriber",
        "reactor.core.scheduler.Schedulers", "reactor.util.context.ContextView");
  }

  @Override
  public List<String> helperClasses() {
    // names, not class literals: the agent's class loader cannot load classes that implement Reactor types
    String pkg = "dev.tracer.instrumentation.reactor.";
    return Arrays.asList(pkg + "ReactorContext", pkg + "ReactorContext$Lift", pkg + "ReactorContext$NotScalar",
        pkg + "ReactorContext$ScheduleHook", pkg + "TracingSubscriber");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new Hooks(), new Schedulers());
  }

  static final class Hooks implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("reactor.core.publisher.Hooks");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(isTypeInitializer().or(named("resetOnEachOperator").and(takesArguments(0))),
          InstallHooksAdvice.class);
    }
  }

  static final class Schedulers implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("reactor.core.scheduler.Schedulers");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("resetOnScheduleHooks").and(takesArguments(0)), InstallHooksAdvice.class);
    }
  }
}
