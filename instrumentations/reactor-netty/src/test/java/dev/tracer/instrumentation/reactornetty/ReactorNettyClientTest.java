package dev.tracer.instrumentation.reactornetty;

import dev.tracer.testing.HttpClientContract;
import dev.tracer.testing.TestedVersions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.netty.http.client.HttpClient;

/** The contract every HTTP client meets, with Reactor Netty's client blocking on the response. */
class ReactorNettyClientTest extends HttpClientContract {
  static final HttpClient CLIENT = HttpClient.create();

  @Override
  protected int get(String url, Map<String, String> headers) throws Exception {
    try {
      return CLIENT.headers(h -> headers.forEach(h::add)).get().uri(url)
          .responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(text -> response.status().code()))
          .block(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e); // block() wraps checked exceptions: the application sees the cause
      throw cause instanceof Exception ? (Exception) cause : e;
    }
  }

  @Test
  void testedVersion() {
    TestedVersions.assertLoaded(HttpClient.class);
  }
}
