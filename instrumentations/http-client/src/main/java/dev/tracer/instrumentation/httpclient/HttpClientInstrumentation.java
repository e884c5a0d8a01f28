package dev.tracer.instrumentation.httpclient;

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
 * The JDK's own HTTP clients: {@code java.net.http.HttpClient} (its one implementation, whose public facade
 * delegates to it) and {@code HttpURLConnection} (the JDK's http/https implementation).
 */
public final class HttpClientInstrumentation implements InstrumentationModule {
  @Override
  public String name() {
    return "http-client";
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new JdkHttpClient(), new UrlConnection());
  }

  static final class JdkHttpClient implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("jdk.internal.net.http.HttpClientImpl");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(named("send").and(isPublic()).and(takesArguments(2)), SendAdvice.class);
      // the two-argument sendAsync calls this one; send calls a private one
      target.applyAdvice(named("sendAsync").and(isPublic()).and(takesArguments(3)), SendAdvice.class);
    }
  }

  static final class UrlConnection implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("sun.net.www.protocol.http.HttpURLConnection");
    }

    @Override
    public void transform(AdviceTarget target) {
      target.applyAdvice(namedOneOf("connect", "getOutputStream", "getInputStream").and(isPublic())
          .and(takesArguments(0)), UrlConnectionAdvice.class);
    }
  }
}
