package dev.tracer.instrumentation.spring.data;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Spring Data repositories (any store: JPA, JDBC, MongoDB...): an INTERNAL span {@code OrderRepository.findById}
 * per call of a repository method, with the store's own spans (JDBC) below it. Every repository proxy is built by a
 * {@code RepositoryFactorySupport}; each factory gets {@link RepositoryTracing}, which puts
 * {@link RepositoryTracing.Interceptor} first on every proxy the factory makes.
 */
public final class SpringDataInstrumentation implements InstrumentationModule {
  static final String FACTORY = "org.springframework.data.repository.core.support.RepositoryFactorySupport";

  @Override
  public String name() {
    return "spring-data";
  }

  @Override
  public List<String> requiredClasses() {
    // PersistenceCreator: first in Spring Data 2.7, the oldest release tested, so older ones get the one-line skip
    return Arrays.asList(FACTORY, "org.springframework.data.repository.core.support.RepositoryProxyPostProcessor",
        "org.springframework.aop.framework.ProxyFactory", "org.springframework.data.annotation.PersistenceCreator");
  }

  /** By name: the helpers implement Spring types, which the agent's class loader cannot load them against. */
  @Override
  public List<String> helperClasses() {
    String helper = "dev.tracer.instrumentation.spring.data.RepositoryTracing";
    return Arrays.asList(helper, helper + "$Interceptor");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(FACTORY);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(isConstructor(), FactoryAdvice.class);
      }
    });
  }
}
