package dev.tracer.instrumentation.aws;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * AWS SDK for Java v2, every service client, sync and async: the SDK's own extension point, an
 * {@code ExecutionInterceptor} ({@link TracingInterceptor}), is added to the interceptors each client builder
 * resolves. The interceptor implements an SDK interface, so it is a helper class defined in the SDK's class
 * loader; it makes the events, the handlers make the spans.
 */
public final class AwsSdkInstrumentation implements InstrumentationModule {
  static final String BUILDER = "software.amazon.awssdk.core.client.builder.SdkDefaultClientBuilder";

  @Override
  public String name() {
    return "aws-sdk";
  }

  @Override
  public List<String> requiredClasses() {
    // Waiter: first in sdk-core 2.15.0 (the oldest claimed); 2.14 and older are not supported
    return Arrays.asList("software.amazon.awssdk.core.interceptor.ExecutionInterceptor",
        "software.amazon.awssdk.awscore.AwsExecutionAttribute", "software.amazon.awssdk.core.waiters.Waiter");
  }

  @Override
  public List<String> helperClasses() {
    // names, not class literals: the agent's class loader cannot load classes that implement SDK types
    String pkg = "dev.tracer.instrumentation.aws.";
    return Arrays.asList(pkg + "TracingInterceptor", pkg + "SqsMessages", pkg + "SnsMessages");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(BUILDER);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(named("resolveExecutionInterceptors").and(takesArguments(1)), InterceptorsAdvice.class);
      }
    });
  }
}
