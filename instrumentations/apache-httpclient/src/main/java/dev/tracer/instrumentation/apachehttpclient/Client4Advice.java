package dev.tracer.instrumentation.apachehttpclient;

import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;

/** HttpClient 4.5 {@code doExecute(HttpHost, HttpRequest, HttpContext)}. */
public final class Client4Advice {
  private Client4Advice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientEvent enter(@Advice.Argument(0) HttpHost target, @Advice.Argument(1) HttpRequest request) {
    HttpClientEvent event = new HttpClientEvent("apache-httpclient");
    event.method = request.getRequestLine().getMethod();
    String uri = request.getRequestLine().getUri();
    event.url = target == null || uri.startsWith("http://") || uri.startsWith("https://") ? uri : target.toURI().concat(uri); // no "+": the library may be older than invokedynamic
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
    if (response != null && response.getStatusLine() != null) {
      event.statusCode = response.getStatusLine().getStatusCode();
    }
    if (response != null) {
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
