package dev.tracer.instrumentation.grpc;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * grpc-java without interceptors: the calls themselves. Client: a CLIENT span from {@code ClientCallImpl.start}
 * (context written into the request metadata) to the moment the call closes with its status. Server: a SERVER
 * span from the creation of the {@code ServerCallImpl} (parent extracted from the request metadata) to
 * {@code close}, current on whatever thread runs the application's callbacks.
 */
public final class GrpcInstrumentation implements InstrumentationModule {
  static final String CLIENT_CALL = "io.grpc.internal.ClientCallImpl";
  static final String SERVER_CALL = "io.grpc.internal.ServerCallImpl";

  @Override
  public String name() {
    return "grpc";
  }

  @Override
  public List<String> requiredClasses() {
    // ServerCallExecutorSupplier is new in 1.40.0, the oldest version the tests run: older ones are skipped
    return Arrays.asList("io.grpc.MethodDescriptor", "io.grpc.Metadata", "io.grpc.Status",
        "io.grpc.ServerCallExecutorSupplier");
  }

  @Override
  public List<String> helperClasses() {
    return Arrays.asList("dev.tracer.instrumentation.grpc.GrpcCalls");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ClientCall(), new ServerCall(), new ServerCallListener());
  }

  static final class ClientCall implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(CLIENT_CALL);
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("start").and(takesArguments(2)), ClientStartAdvice.class);
      target.applyAdvice(named("closeObserver").and(takesArgument(1, named("io.grpc.Status"))), ClientCloseAdvice.class);
    }
  }

  static final class ServerCall implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(SERVER_CALL);
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(isConstructor().and(takesArgument(1, named("io.grpc.MethodDescriptor")))
          .and(takesArgument(2, named("io.grpc.Metadata"))), ServerCallCreatedAdvice.class);
      target.applyAdvice(named("close").and(takesArguments(2)).and(takesArgument(0, named("io.grpc.Status"))),
          ServerCloseAdvice.class);
    }
  }

  /** Runs the application's listener: the SERVER span is current there, and a cancelled call ends it. */
  static final class ServerCallListener implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named(SERVER_CALL + "$ServerStreamListenerImpl");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(namedOneOf("messagesAvailable", "halfClosed", "onReady"), ServerCallbackAdvice.class);
      target.applyAdvice(named("closed").and(takesArgument(0, named("io.grpc.Status"))), ServerClosedAdvice.class);
    }
  }
}
