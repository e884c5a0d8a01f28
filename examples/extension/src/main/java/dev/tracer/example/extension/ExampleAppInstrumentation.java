package dev.tracer.example.extension;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Traces the application's own code: an INTERNAL span per call of {@code ExampleApp.run}. Turned off with
 * {@code TRACER_INSTRUMENTATION_EXAMPLE_APP_ENABLED=false}.
 */
public final class ExampleAppInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "example-app";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named("dev.tracer.example.ExampleApp");
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(named("run").and(isStatic()), MethodAdvice.class);
      }
    });
  }
}
