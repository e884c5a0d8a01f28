package dev.tracer.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Reactor Netty HTTP 1.x. Client: a subscription to a request ({@code HttpClientConnect}'s connect Mono) is one
 * CLIENT span, started when the request is prepared (in the subscriber's context), ended when the response is
 * complete, fails for good (after Reactor Netty's own retries), or is cancelled. Server: a received request is a
 * SERVER span, current while the application's handler is applied and subscribed (so its whole chain runs in it),
 * ended when the exchange terminates. Both follow the connection observer's states, Reactor Netty's own lifecycle.
 */
public final class ReactorNettyInstrumentation implements InstrumentationModule {
  static final String CLIENT = "reactor.netty.http.client.";
  static final String SERVER = "reactor.netty.http.server.";

  @Override
  public String name() {
    return "reactor-netty";
  }

  @Override
  public List<String> requiredClasses() {
    // HttpServerHandle (the server's connection observer, instrumented below): first in 1.0; 0.9 is not supported
    return Arrays.asList(CLIENT + "HttpClientState", SERVER + "HttpServerState", CLIENT + "HttpClientConnect$HttpObserver",
        SERVER + "HttpServer$HttpServerHandle");
  }

  @Override
  public List<String> helperClasses() {
    String pkg = "dev.tracer.instrumentation.reactornetty.";
    return Arrays.asList(pkg + "ClientExchange", pkg + "ServerRequests");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        type(CLIENT + "HttpClientConnect$MonoHttpConnect", named("subscribe").and(takesArguments(1)), ConnectSubscribeAdvice.class),
        type(CLIENT + "HttpClientConnect$HttpClientHandler", isConstructor(), ClientHandlerAdvice.class),
        type(CLIENT + "HttpClientConnect$HttpObserver", named("onStateChange").and(takesArguments(2)), ClientStateAdvice.class),
        type(CLIENT + "HttpClientOperations", named("onInboundCancel").and(takesArguments(0)), ClientInboundCancelAdvice.class),
        type(SERVER + "HttpServer$HttpServerHandle", named("onStateChange").and(takesArguments(2)), ServerStateAdvice.class),
        type(SERVER + "HttpServerOperations", named("onOutboundError").and(takesArguments(1)), ServerErrorAdvice.class));
  }

  private static TypeInstrumentation type(String name,
      ElementMatcher<? super net.bytebuddy.description.method.MethodDescription> methods, Class<?> advice) {
    return new TypeInstrumentation() {
      @Override
      public ElementMatcher<TypeDescription> typeMatcher() {
        return named(name);
      }

      @Override
      public void transform(AdviceTarget target) {
        target.applyAdvice(methods, advice);
      }
    };
  }
}
