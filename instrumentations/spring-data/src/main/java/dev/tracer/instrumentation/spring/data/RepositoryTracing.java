package dev.tracer.instrumentation.spring.data;

import dev.tracer.bootstrap.CustomEvent;
import dev.tracer.bootstrap.Dispatch;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.support.RepositoryProxyPostProcessor;

/**
 * Helper classes, defined in Spring Data's class loader: the post-processor puts the interceptor first on a
 * repository's proxy, so that its span covers the whole call (transaction and store access included).
 */
public final class RepositoryTracing implements RepositoryProxyPostProcessor {
  @Override
  public void postProcess(ProxyFactory factory, RepositoryInformation repository) {
    factory.addAdvice(0, new Interceptor(repository.getRepositoryInterface()));
  }

  /** One INTERNAL span per repository method call: {@code <Repository>.<method>}. */
  public static final class Interceptor implements MethodInterceptor {
    /** {@code <Repository>.}, and the repository's name: read once, not per call. */
    private final String spanNamePrefix;
    private final String namespace;

    Interceptor(Class<?> repository) {
      this.spanNamePrefix = repository.getSimpleName() + ".";
      this.namespace = repository.getName();
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
      Method method = invocation.getMethod();
      if (method.getDeclaringClass() == Object.class) {
        return invocation.proceed(); // toString, equals, hashCode: not the application's data access
      }
      String name = method.getName();
      CustomEvent event = new CustomEvent("spring-data", spanNamePrefix.concat(name))
          .attribute("code.namespace", namespace)
          .attribute("code.function", name);
      Dispatch.start(event);
      Object result;
      try {
        result = invocation.proceed();
      } catch (Throwable t) {
        Dispatch.end(event, t);
        throw t;
      }
      Dispatch.end(event, null);
      return result;
    }
  }
}
