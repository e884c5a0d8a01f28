package dev.tracer.instrumentation.httpclient;

import dev.tracer.bootstrap.Completion;
import dev.tracer.bootstrap.Dispatch;
import dev.tracer.bootstrap.HeaderCapture;
import dev.tracer.bootstrap.HttpClientEvent;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import net.bytebuddy.asm.Advice;

/**
 * {@code HttpClient.sendAsync}: the span ends when the returned future completes. A request is immutable, so the propagation
 * headers go into a copy of it that replaces the argument.
 */
public final class SendAsyncAdvice {
  private SendAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientEvent enter(@Advice.Argument(value = 0, readOnly = false) HttpRequest request) {
    HttpClientEvent event = new HttpClientEvent("http-client");
    event.method = request.method();
    event.url = String.valueOf(request.uri());
    String[] capture = HeaderCapture.clientRequest();
    for (int i = 0; i < capture.length; i++) {
      event.requestHeaders = HeaderCapture.add(event.requestHeaders, capture[i], request.headers().allValues(capture[i]));
    }
    Dispatch.start(event);
    if (!event.headersToInject.isEmpty()) {
      try {
        HttpRequest.Builder copy = HttpRequest.newBuilder(request.uri())
            .method(request.method(), request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
            .expectContinue(request.expectContinue());
        if (request.timeout().isPresent()) {
          copy.timeout(request.timeout().get());
        }
        if (request.version().isPresent()) {
          copy.version(request.version().get());
        }
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
          for (String value : header.getValue()) {
            copy.header(header.getKey(), value);
          }
        }
        for (Map.Entry<String, String> header : event.headersToInject.entrySet()) {
          copy.setHeader(header.getKey(), header.getValue());
        }
        request = copy.build();
      } catch (Throwable keepTheOriginal) {
        // a request we cannot copy is sent as it is, without propagation
      }
    }
    return event;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter HttpClientEvent event, @Advice.Return CompletableFuture<?> future,
      @Advice.Thrown Throwable error) {
    if (event == null) {
      return;
    }
    if (error != null || future == null) {
      Dispatch.end(event, error);
      return;
    }
    Dispatch.detach(event);
    future.whenComplete(Completion.of(event));
  }
}
