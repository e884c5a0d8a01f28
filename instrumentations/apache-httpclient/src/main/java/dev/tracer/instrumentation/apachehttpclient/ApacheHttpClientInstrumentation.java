package dev.tracer.instrumentation.apachehttpclient;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.SubTypeMatcher;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 5.x classic: every {@code execute} overload of a {@code CloseableHttpClient} ends in its
 * {@code doExecute(target, request, context)}, before any response handler runs. HttpClient 4.x is
 * {@link ApacheHttpClient4Instrumentation}, the same name, gated on its own classes.
 */
public final class ApacheHttpClientInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "apache-httpclient";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new DoExecute("org.apache.hc.client5.http.impl.classic.CloseableHttpClient", Client5Advice.class));
  }

  static final class DoExecute implements TypeInstrumentation {
    private final String baseClass;
    private final Class<?> advice;

    DoExecute(String baseClass, Class<?> advice) {
      this.baseClass = baseClass;
      this.advice = advice;
    }

    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return SubTypeMatcher.classesOf(baseClass).concrete();
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("doExecute").and(not(isAbstract())).and(takesArguments(3)), advice);
    }
  }
}
