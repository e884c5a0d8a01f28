package dev.tracer.instrumentation.apachehttpclient;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HttpClientEvent;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;

/** HttpClient 5 classic {@code doExecute(HttpHost, ClassicHttpRequest, HttpContext)}. */
public final class Client5Advice {
  private Client5Advice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientEvent enter(@Advice.Argument(0) HttpHost target,
      @Advice.Argument(1) ClassicHttpRequest request) {
    HttpClientEvent event = new HttpClientEvent("apache-httpclient");
    event.method = request.getMethod();
    String path = request.getRequestUri();
    try {
      event.url = request.getUri().toString();
    } catch (Throwable notAUri) {
      event.url = path;
    }
    if (target != null && event.url != null && event.url.startsWith("/")) {
      event.url = target.toURI().concat(event.url);
    }
    Dispatch.start(event);
    for (Map.Entry<String, String> header : event.headersToInject.entrySet()) {
      request.setHeader(header.getKey(), header.getValue());
    }
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter HttpClientEvent event, @Advice.Return HttpResponse response,
      @Advice.Thrown Throwable error) {
    if (event == null) {
      return;
    }
    if (response != null) {
      event.statusCode = response.getCode();
    }
    Dispatch.end(event, error);
  }
}
