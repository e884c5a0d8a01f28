package dev.tracer.instrumentation.apachehttpclient;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
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
    String[] capture = HeaderCapture.clientRequest();
    for (int i = 0; i < capture.length; i++) {
      Header[] headers = request.getHeaders(capture[i]);
      for (int j = 0; j < headers.length; j++) {
        event.requestHeaders = HeaderCapture.add(event.requestHeaders, capture[i], headers[j].getValue());
      }
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
      String[] capture = HeaderCapture.clientResponse();
      for (int i = 0; i < capture.length; i++) {
        Header[] headers = response.getHeaders(capture[i]);
        for (int j = 0; j < headers.length; j++) {
          event.responseHeaders = HeaderCapture.add(event.responseHeaders, capture[i], headers[j].getValue());
        }
      }
    }
    Dispatch.end(event, error);
  }
}
