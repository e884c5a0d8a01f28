package dev.tracer.instrumentation.annotations;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Collections;
import java.util.List;

/**
 * {@code @WithSpan} of the older {@code io.opentelemetry.extension.annotations} (opentelemetry-extension-annotations,
 * deprecated for the package above but still in applications): the same spans as {@link WithSpanInstrumentation}.
 * A module of its own because its required class is another one: an application may carry either package.
 */
public final class LegacyWithSpanInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return WithSpanInstrumentation.NAME;
  }

  @Override
  public List<String> requiredClasses() {
    // WithSpan: in every release of opentelemetry-extension-annotations, 1.0.0 the first (SpanAttribute from 1.5.0)
    return Collections.singletonList(TracedMethods.LEGACY_WITH_SPAN);
  }

  @Override
  public List<String> helperClasses() {
    return WithSpanInstrumentation.helpers();
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(WithSpanInstrumentation.annotated(TracedMethods.LEGACY_WITH_SPAN));
  }
}
