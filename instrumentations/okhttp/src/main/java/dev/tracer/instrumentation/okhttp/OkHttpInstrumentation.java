package dev.tracer.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * OkHttp 4.x: the span covers {@code execute()}, or {@code enqueue(callback)} until the callback is told the
 * outcome. Requests are immutable, so the headers go into the request the interceptor chain starts with.
 */
public final class OkHttpInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public List<String> requiredClasses() {
    // Exchange is new in 3.14.0 (its rewrite of the call's internals), the oldest version the tests run
    return Arrays.asList("okhttp3.internal.http.RealInterceptorChain", "okhttp3.internal.connection.Exchange");
  }

  @Override
  public List<String> helperClasses() {
    // names, not class literals: the agent's class loader need not load what only runs in the library's
    String pkg = "dev.tracer.instrumentation.okhttp.";
    return Arrays.asList(pkg + "OkHttpCalls", pkg + "TracingCallback");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new Call(), new Chain());
  }

  static final class Call implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return namedOneOf("okhttp3.internal.connection.RealCall", "okhttp3.RealCall"); // moved in 4.3
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("execute").and(isPublic()).and(takesArguments(0)), ExecuteAdvice.class);
      target.applyAdvice(named("enqueue").and(isPublic()).and(takesArguments(1)), EnqueueAdvice.class);
    }
  }

  static final class Chain implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("okhttp3.internal.http.RealInterceptorChain");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("proceed").and(isPublic()).and(takesArguments(1)), ProceedAdvice.class);
    }
  }
}
