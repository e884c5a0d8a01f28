package dev.tracer.instrumentation.apachehttpclient;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.tracer.api.InstrumentationModule;
import dev.tracer.api.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 4.3 – 4.5: every {@code execute} overload of a {@code CloseableHttpClient} ends in its
 * {@code doExecute(target, request, context)}, before any response handler runs. A module of its own, with the
 * 5.x one's name, so that its required classes gate 4.x only.
 */
public final class ApacheHttpClient4Instrumentation implements InstrumentationModule {
  static final String CLOSEABLE = "org.apache.http.impl.client.CloseableHttpClient";

  @Override
  public String name() {
    return "apache-httpclient";
  }

  @Override
  public List<String> requiredClasses() {
    // CloseableHttpClient, whose doExecute is traced, is new in 4.3: 4.x clients before it are skipped
    return Arrays.asList("org.apache.http.client.HttpClient", CLOSEABLE);
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new ApacheHttpClientInstrumentation.DoExecute(CLOSEABLE, Client4Advice.class),
        new OlderClients());
  }

  /**
   * No advice: matching AbstractHttpClient, the base of 4.2's clients (DefaultHttpClient and the like), is what
   * finds a version before 4.3 and says once that it is not supported; from 4.3 on the class is left as it is.
   */
  static final class OlderClients implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("org.apache.http.impl.client.AbstractHttpClient");
    }

    @Override
    public void transform(AdviceTarget target) {}
  }
}
